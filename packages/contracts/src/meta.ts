import { create } from '@bufbuild/protobuf';
import type { EventMeta } from './gen/bloxtr8/common/v1/meta_pb.js';
import { EventMetaSchema } from './gen/bloxtr8/common/v1/meta_pb.js';

/** The schema version every message of the v1 topics carries. */
export const SCHEMA_VERSION = 1;

export interface MetaInit {
  readonly eventId: string;
  readonly occurredAt: Date;
  readonly traceId: string;
  readonly correlationId: string;
  /** The event id of the message that caused this one; none for the first message of a flow. */
  readonly causationId?: string;
}

export function createMeta(init: MetaInit): EventMeta {
  return create(EventMetaSchema, {
    eventId: init.eventId,
    traceId: init.traceId,
    correlationId: init.correlationId,
    causationId: init.causationId ?? '',
    occurredAt: init.occurredAt.toISOString(),
    version: SCHEMA_VERSION,
  });
}

/** Meta for a message caused by `cause`: same trace and correlation, causation pointing back. */
export function metaCausedBy(cause: EventMeta, eventId: string, occurredAt: Date): EventMeta {
  return createMeta({
    eventId,
    occurredAt,
    traceId: cause.traceId,
    correlationId: cause.correlationId,
    causationId: cause.eventId,
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRACE_ID = /^[0-9a-f]{32}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Why a meta is unusable, or undefined when it is well-formed. */
export function describeMetaProblem(meta: EventMeta | undefined): string | undefined {
  if (meta === undefined) return 'meta is missing';
  if (!UUID.test(meta.eventId)) return 'meta.event_id is not a UUID';
  if (!TRACE_ID.test(meta.traceId)) return 'meta.trace_id is not 32 lowercase hex characters';
  if (meta.correlationId === '') return 'meta.correlation_id is empty';
  if (meta.causationId !== '' && !UUID.test(meta.causationId)) {
    return 'meta.causation_id is not a UUID';
  }
  if (!ISO_INSTANT.test(meta.occurredAt) || Number.isNaN(Date.parse(meta.occurredAt))) {
    return 'meta.occurred_at is not an ISO 8601 instant';
  }
  if (meta.version < 1) return 'meta.version is missing';
  return undefined;
}

import type { EventMeta } from '@bloxtr8/contracts';
import { newSpanId } from '@bloxtr8/platform';

export const HEADER = {
  traceparent: 'traceparent',
  correlationId: 'x-correlation-id',
  causationId: 'x-causation-id',
  eventId: 'x-event-id',
  messageType: 'x-message-type',
  replayedFrom: 'x-replayed-from',
} as const;

/**
 * Headers for an outgoing message: W3C trace context (the message's trace id, a new span id,
 * sampled) plus the ids a consumer logs and correlates by without decoding the body.
 */
export function headersFor(meta: EventMeta, messageType: string): Record<string, string> {
  return {
    [HEADER.traceparent]: `00-${meta.traceId}-${newSpanId()}-01`,
    [HEADER.correlationId]: meta.correlationId,
    [HEADER.causationId]: meta.causationId,
    [HEADER.eventId]: meta.eventId,
    [HEADER.messageType]: messageType,
  };
}

/** The trace id of a `traceparent` header, or undefined when it is missing or malformed. */
export function traceIdOf(headers: Readonly<Record<string, string>>): string | undefined {
  const match = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(
    headers[HEADER.traceparent] ?? '',
  );
  return match?.[1];
}

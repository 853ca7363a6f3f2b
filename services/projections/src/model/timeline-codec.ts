import { TOPICS } from '@bloxtr8/contracts';
import type { EscrowFact, FactBase } from './escrow-facts.ts';
import { SEALED_FIELDS } from './escrow-facts.ts';

/** A value in a timeline entry's detail: money as bigint, instants as Date. */
export type TimelineValue = string | number | boolean | bigint | Date | null;
export type TimelineDetail = Readonly<Record<string, TimelineValue>>;
type JsonValue = string | number | boolean | null;

/** One timeline row as the store writes it: the fact split into columns, shown and sealed JSON. */
export interface TimelineRecord {
  readonly escrowId: string;
  readonly eventId: string;
  readonly occurredAt: Date;
  readonly sourceTopic: string;
  readonly eventType: EscrowFact['type'];
  readonly actorId: string | null;
  readonly causationId: string | null;
  /** JSON text of the fields a caller may see. */
  readonly detailJson: string;
  /** JSON text of the fields only the fold may see. */
  readonly sealedJson: string;
}

const BASE_KEYS: ReadonlySet<string> = new Set([
  'type',
  'eventId',
  'escrowId',
  'occurredAt',
  'causationId',
  'actorId',
]);

const PAYMENT_TYPES: ReadonlySet<EscrowFact['type']> = new Set([
  'PaymentIntentCreated',
  'PaymentSucceeded',
  'PaymentFailed',
  'TransferSucceeded',
  'TransferFailed',
  'TransferHeld',
  'RefundSucceeded',
  'RefundFailed',
]);

export function sourceTopicOf(fact: EscrowFact): string {
  return PAYMENT_TYPES.has(fact.type) ? TOPICS.paymentEvents.name : TOPICS.escrowEvents.name;
}

function encodeValue(value: unknown): JsonValue {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return null;
}

/** JSON has no bigint and no instant: names say which is which (`…Minor`, `…At`). */
export function decodeValue(key: string, value: unknown): TimelineValue {
  if (typeof value === 'string' && key.endsWith('Minor') && /^-?\d+$/.test(value)) {
    return BigInt(value);
  }
  if (typeof value === 'string' && key.endsWith('At')) {
    const instant = new Date(value);
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : null;
}

export function decodeDetail(json: Readonly<Record<string, unknown>>): TimelineDetail {
  const detail: Record<string, TimelineValue> = {};
  for (const [key, value] of Object.entries(json)) detail[key] = decodeValue(key, value);
  return detail;
}

/** A fact as a timeline row: shown fields in `detail`, secrets and free text in `sealed`. */
export function timelineRecordOf(fact: EscrowFact): TimelineRecord {
  const shown: Record<string, JsonValue> = {};
  const sealed: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(fact)) {
    if (BASE_KEYS.has(key)) continue;
    (SEALED_FIELDS.has(key) ? sealed : shown)[key] = encodeValue(value);
  }
  return {
    escrowId: fact.escrowId,
    eventId: fact.eventId,
    occurredAt: fact.occurredAt,
    sourceTopic: sourceTopicOf(fact),
    eventType: fact.type,
    actorId: fact.actorId,
    causationId: fact.causationId,
    detailJson: JSON.stringify(shown),
    sealedJson: JSON.stringify(sealed),
  };
}

/** A timeline row read back, as the fold consumes it. */
export interface StoredTimelineRow {
  readonly escrowId: string;
  readonly eventId: string;
  readonly occurredAt: Date;
  readonly eventType: string;
  readonly actorId: string | null;
  readonly causationId: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly sealed: Readonly<Record<string, unknown>>;
}

/**
 * The fact a stored row was made from. The row was written by `timelineRecordOf` from a typed
 * fact, so its shape is that fact's; the round trip is covered by the unit tests.
 */
export function factOfTimelineRow(row: StoredTimelineRow): EscrowFact {
  const base: FactBase = {
    eventId: row.eventId,
    escrowId: row.escrowId,
    occurredAt: row.occurredAt,
    causationId: row.causationId,
    actorId: row.actorId,
  };
  return {
    ...decodeDetail(row.detail),
    ...decodeDetail(row.sealed),
    ...base,
    type: row.eventType,
  } as unknown as EscrowFact;
}

import type { ErrorKind } from '@bloxtr8/contracts';
import {
  createMeta,
  DeadLetterSchema,
  deadLetterTopicName,
  ErrorKind as ErrorKinds,
} from '@bloxtr8/contracts';
import type { Database, Queryable } from '@bloxtr8/db';
import { create, toBinary } from '@bufbuild/protobuf';
import { v5 as uuidv5 } from 'uuid';
import type { IncomingMessage, MessageBus } from './message-bus.ts';
import { HEADER, traceIdOf } from './trace-headers.ts';

/** Namespace for dead-letter ids: one id per (group, topic, partition, offset), however often it fails. */
const DEAD_LETTER_NAMESPACE = '6f1d3a9e-3c3b-4d55-9a53-6e0c2f1b7d21';

export interface Failure {
  readonly kind: ErrorKind;
  readonly errorType: string;
  readonly errorMessage: string;
  readonly retryCount: number;
}

const KIND_NAMES: Record<number, string> = {
  [ErrorKinds.UNDECODABLE]: 'UNDECODABLE',
  [ErrorKinds.PERMANENT]: 'PERMANENT',
  [ErrorKinds.RETRIES_EXHAUSTED]: 'RETRIES_EXHAUSTED',
};

export function deadLetterIdOf(groupId: string, message: IncomingMessage): string {
  return uuidv5(
    `${groupId}|${message.topic}|${message.partition}|${message.offset}`,
    DEAD_LETTER_NAMESPACE,
  );
}

/**
 * Publishes a failed message to `<topic>.dlq` (a DeadLetter holding its exact bytes) and records it
 * in the operators' index. The id is derived from the message's position, so a redelivered failure
 * lands on the same id and the index keeps one row.
 */
export async function deadLetter(
  db: Database,
  bus: MessageBus,
  groupId: string,
  message: IncomingMessage,
  failure: Failure,
  failedAt: Date,
): Promise<string> {
  const id = deadLetterIdOf(groupId, message);
  const traceId = traceIdOf(message.headers) ?? '0'.repeat(32);
  const correlationId = message.headers[HEADER.correlationId] ?? '';
  const record = create(DeadLetterSchema, {
    meta: createMeta({
      eventId: id,
      occurredAt: failedAt,
      traceId,
      correlationId: correlationId === '' ? id : correlationId,
      ...(message.headers[HEADER.eventId] === undefined
        ? {}
        : { causationId: message.headers[HEADER.eventId] }),
    }),
    originTopic: message.topic,
    originPartition: message.partition,
    originOffset: message.offset,
    key: new TextEncoder().encode(message.key),
    value: message.value,
    headers: { ...message.headers },
    consumerGroup: groupId,
    errorKind: failure.kind,
    errorType: failure.errorType,
    errorMessage: failure.errorMessage,
    retryCount: failure.retryCount,
  });
  const dlqTopic = deadLetterTopicName(message.topic);
  await bus.publish([
    {
      topic: dlqTopic,
      key: message.key,
      value: toBinary(DeadLetterSchema, record),
      headers: { ...message.headers, [HEADER.messageType]: 'deadLetter' },
    },
  ]);
  await db.query(
    `insert into bus.dead_letters (id, dlq_topic, origin_topic, origin_partition, origin_offset,
       consumer_group, message_key, value, headers, error_kind, error_type, error_message,
       retry_count, trace_id, failed_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14, $15)
     on conflict (id) do nothing`,
    [
      id,
      dlqTopic,
      message.topic,
      message.partition,
      message.offset,
      groupId,
      message.key,
      message.value,
      JSON.stringify(message.headers),
      KIND_NAMES[failure.kind] ?? 'PERMANENT',
      failure.errorType,
      failure.errorMessage.slice(0, 4000),
      failure.retryCount,
      traceId,
      failedAt,
    ],
  );
  return id;
}

export interface DeadLetterSummary {
  readonly id: string;
  readonly originTopic: string;
  readonly originPartition: number;
  readonly originOffset: bigint;
  readonly consumerGroup: string;
  readonly key: string;
  readonly errorKind: string;
  readonly errorType: string;
  readonly errorMessage: string;
  readonly retryCount: number;
  readonly traceId: string;
  readonly failedAt: Date;
  readonly replayedAt: Date | null;
  readonly replayCount: number;
}

export interface DeadLetterDetail extends DeadLetterSummary {
  readonly value: Uint8Array;
  readonly headers: Record<string, string>;
}

interface DeadLetterSummaryRow {
  id: string;
  origin_topic: string;
  origin_partition: number;
  origin_offset: bigint;
  consumer_group: string;
  message_key: string;
  error_kind: string;
  error_type: string;
  error_message: string;
  retry_count: number;
  trace_id: string;
  failed_at: Date;
  replayed_at: Date | null;
  replay_count: number;
}

interface DeadLetterRow extends DeadLetterSummaryRow {
  value: Uint8Array;
  headers: Record<string, string>;
}

const SUMMARY_COLUMNS = `id, origin_topic, origin_partition, origin_offset, consumer_group, message_key,
  error_kind, error_type, error_message, retry_count, trace_id, failed_at, replayed_at, replay_count`;

function toSummary(row: DeadLetterSummaryRow): DeadLetterSummary {
  return {
    id: row.id,
    originTopic: row.origin_topic,
    originPartition: row.origin_partition,
    originOffset: row.origin_offset,
    consumerGroup: row.consumer_group,
    key: row.message_key,
    errorKind: row.error_kind,
    errorType: row.error_type,
    errorMessage: row.error_message,
    retryCount: row.retry_count,
    traceId: row.trace_id,
    failedAt: row.failed_at,
    replayedAt: row.replayed_at,
    replayCount: row.replay_count,
  };
}

export interface DeadLetterFilter {
  readonly topic?: string;
  /** Include letters already replayed; by default only pending ones are listed. */
  readonly includeReplayed?: boolean;
  readonly limit?: number;
}

export async function listDeadLetters(
  db: Queryable,
  filter: DeadLetterFilter = {},
): Promise<DeadLetterSummary[]> {
  const { rows } = await db.query<DeadLetterSummaryRow>(
    `select ${SUMMARY_COLUMNS} from bus.dead_letters
     where ($1::text is null or origin_topic = $1) and ($2 or replayed_at is null)
     order by failed_at, id limit $3`,
    [filter.topic ?? null, filter.includeReplayed ?? false, Math.min(filter.limit ?? 100, 1000)],
  );
  return rows.map(toSummary);
}

export async function getDeadLetter(
  db: Queryable,
  id: string,
): Promise<DeadLetterDetail | undefined> {
  const { rows } = await db.query<DeadLetterRow>(
    `select ${SUMMARY_COLUMNS}, value, headers from bus.dead_letters where id = $1`,
    [id],
  );
  const row = rows[0];
  return row === undefined
    ? undefined
    : { ...toSummary(row), value: row.value, headers: row.headers };
}

/**
 * Puts a dead letter's original message back on its origin topic, byte for byte, and records the
 * replay. Consumers that already handled it skip it through their inbox; the one that failed gets
 * another go.
 */
export async function replayDeadLetter(
  db: Database,
  bus: MessageBus,
  id: string,
): Promise<DeadLetterDetail | undefined> {
  const letter = await getDeadLetter(db, id);
  if (letter === undefined) return undefined;
  await bus.publish([
    {
      topic: letter.originTopic,
      key: letter.key,
      value: letter.value,
      headers: { ...letter.headers, [HEADER.replayedFrom]: letter.id },
    },
  ]);
  await db.query(
    `update bus.dead_letters set replayed_at = now(), replay_count = replay_count + 1 where id = $1`,
    [id],
  );
  return getDeadLetter(db, id);
}

import type { Queryable } from '@bloxtr8/db';
import type { IncomingMessage, OutgoingMessage, TopicPartition } from '../message-bus.ts';
import { partitionForKey } from '../partitioner.ts';

/** The NOTIFY channel a commit with new messages signals, with payload `topic:partition`. */
export const APPENDED_CHANNEL = 'bus_appended';

export interface TopicSettings {
  readonly name: string;
  readonly partitions: number;
  readonly retentionMs: number;
}

/** Creates missing topics and their partitions; existing ones are left as they are. */
export async function ensureTopics(db: Queryable, topics: readonly TopicSettings[]): Promise<void> {
  for (const topic of topics) {
    await db.query(
      `insert into bus.topics (name, partitions, retention_ms) values ($1, $2, $3)
       on conflict (name) do nothing`,
      [topic.name, topic.partitions, BigInt(topic.retentionMs)],
    );
    await db.query(
      `insert into bus.partitions (topic, partition)
       select $1, generate_series(0, partitions - 1) from bus.topics where name = $1
       on conflict do nothing`,
      [topic.name],
    );
  }
}

export async function partitionCounts(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await db.query<{ name: string; partitions: number }>(
    'select name, partitions from bus.topics',
  );
  return new Map(rows.map((row) => [row.name, row.partitions]));
}

/** Messages appended per statement: bounds the size of one statement's arrays. */
const ROWS_PER_APPEND = 1000;

/**
 * Appends messages in the caller's transaction. Partition rows are locked in a fixed order so
 * concurrent publishers cannot deadlock, and each lock is held until commit so offsets follow
 * commit order. Messages of one key keep their order: same partition, increasing offsets.
 */
export async function appendMessages(
  tx: Queryable,
  messages: readonly OutgoingMessage[],
  partitionsOf: (topic: string) => number,
): Promise<void> {
  const byPartition = new Map<string, { tp: TopicPartition; messages: OutgoingMessage[] }>();
  for (const message of messages) {
    const partition = partitionForKey(message.key, partitionsOf(message.topic));
    const id = `${message.topic}:${partition}`;
    const group = byPartition.get(id) ?? { tp: { topic: message.topic, partition }, messages: [] };
    group.messages.push(message);
    byPartition.set(id, group);
  }
  const ordered = [...byPartition.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, { tp, messages: batch }] of ordered) {
    for (let start = 0; start < batch.length; start += ROWS_PER_APPEND) {
      await appendToPartition(tx, tp, batch.slice(start, start + ROWS_PER_APPEND));
    }
  }
}

const hex = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

/**
 * One statement per partition: take the next offsets (locking the partition's row until commit),
 * insert the messages at them in order, and notify the partition's consumers at commit.
 */
async function appendToPartition(
  tx: Queryable,
  tp: TopicPartition,
  messages: readonly OutgoingMessage[],
): Promise<void> {
  const id = `${tp.topic}:${tp.partition}`;
  const { rows } = await tx.query<{ first: bigint | null }>(
    `with p as (
       update bus.partitions set next_offset = next_offset + $3
       where topic = $1 and partition = $2
       returning next_offset - $3 as first
     ),
     m as (
       insert into bus.messages (topic, partition, "offset", message_key, value, headers)
       select $1, $2, p.first + x.ord - 1, x.message_key, decode(x.value, 'hex'), x.headers::jsonb
       from p, unnest($4::text[], $5::text[], $6::text[])
         with ordinality as x(message_key, value, headers, ord)
     )
     select (select first from p) as first, pg_notify($7, $8)`,
    [
      tp.topic,
      tp.partition,
      BigInt(messages.length),
      messages.map((message) => message.key),
      messages.map((message) => hex(message.value)),
      messages.map((message) => JSON.stringify(message.headers)),
      APPENDED_CHANNEL,
      id,
    ],
  );
  if (rows[0]?.first === null || rows[0]?.first === undefined) {
    throw new Error(`no partition ${id} in the embedded log`);
  }
}

interface MessageRow {
  offset: bigint;
  message_key: string;
  value: Uint8Array;
  headers: Record<string, string>;
  appended_at: Date;
}

export async function fetchMessages(
  db: Queryable,
  tp: TopicPartition,
  fromOffset: bigint,
  limit: number,
): Promise<IncomingMessage[]> {
  const { rows } = await db.query<MessageRow>(
    `select "offset", message_key, value, headers, appended_at from bus.messages
     where topic = $1 and partition = $2 and "offset" >= $3
     order by "offset" limit $4`,
    [tp.topic, tp.partition, fromOffset, limit],
  );
  return rows.map((row) => ({
    topic: tp.topic,
    partition: tp.partition,
    offset: row.offset,
    key: row.message_key,
    value: row.value,
    headers: row.headers,
    timestamp: row.appended_at,
  }));
}

/** Where a group resumes on a partition: its committed offset, else the earliest one kept. */
export async function startingOffset(
  db: Queryable,
  groupId: string,
  tp: TopicPartition,
): Promise<bigint> {
  const { rows } = await db.query<{ next_offset: bigint }>(
    `select coalesce(
       (select next_offset from bus.committed_offsets
        where group_id = $1 and topic = $2 and partition = $3),
       (select log_start_offset from bus.partitions where topic = $2 and partition = $3),
       0) as next_offset`,
    [groupId, tp.topic, tp.partition],
  );
  return rows[0]?.next_offset ?? 0n;
}

/**
 * Commits a group's position, but only while `memberId` still owns the partition: a member that
 * lost its claim (it was presumed dead) must not move the group's offset.
 * Returns false when the claim was lost.
 */
export async function commitOffset(
  db: Queryable,
  groupId: string,
  memberId: string,
  tp: TopicPartition,
  nextOffset: bigint,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into bus.committed_offsets (group_id, topic, partition, next_offset)
     select $1, $2, $3, $4
     where exists (select 1 from bus.partition_claims
                   where group_id = $1 and topic = $2 and partition = $3 and member_id = $5)
     on conflict (group_id, topic, partition)
     do update set next_offset = excluded.next_offset, committed_at = now()`,
    [groupId, tp.topic, tp.partition, nextOffset, memberId],
  );
  return rowCount > 0;
}

/** Deletes messages older than their topic's retention and moves each log start forward. */
export async function enforceRetention(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(
    `with expired as (
       delete from bus.messages m using bus.topics t
       where m.topic = t.name and m.appended_at < now() - make_interval(secs => t.retention_ms / 1000.0)
       returning m.topic, m.partition, m."offset"
     ), starts as (
       select topic, partition, max("offset") + 1 as start from expired group by topic, partition
     )
     update bus.partitions p set log_start_offset = greatest(p.log_start_offset, s.start)
     from starts s where p.topic = s.topic and p.partition = s.partition`,
  );
  return rowCount;
}

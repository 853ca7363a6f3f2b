import type { Queryable } from '@bloxtr8/db';

export interface BacklogReading {
  /** Messages on the topic the group has not committed yet. */
  readonly messagesBehind: number;
  /** When the oldest of them was appended; null when there are none. */
  readonly oldestPendingAt: Date | null;
}

/**
 * Reads, without changing anything, how far a consumer group is behind on the embedded log
 * (packages/bus owns the schema): the log end per partition minus the group's committed offset,
 * both clamped to what retention kept. A group that never committed starts at the log start. This
 * is platform plumbing read-only across a schema boundary; Kafka has no such table and reports
 * nothing here (see backlog-probe.ts).
 */
export async function readEmbeddedBacklog(
  db: Queryable,
  groupId: string,
  topic: string,
): Promise<BacklogReading> {
  const { rows } = await db.query<{ behind: bigint; oldest_pending_at: Date | null }>(
    `with pending as (
       select p.partition, p.next_offset,
         greatest(coalesce(c.next_offset, p.log_start_offset), p.log_start_offset) as from_offset
       from bus.partitions p
       left join bus.committed_offsets c
         on c.group_id = $1 and c.topic = p.topic and c.partition = p.partition
       where p.topic = $2
     )
     select coalesce(sum(greatest(pending.next_offset - pending.from_offset, 0)), 0)::int8 as behind,
       min(m.appended_at) as oldest_pending_at
     from pending
     left join bus.messages m
       on m.topic = $2 and m.partition = pending.partition and m."offset" = pending.from_offset`,
    [groupId, topic],
  );
  const row = rows[0];
  return {
    messagesBehind: Number(row?.behind ?? 0n),
    oldestPendingAt: row?.oldest_pending_at ?? null,
  };
}

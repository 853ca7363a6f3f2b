import type { Database } from '@bloxtr8/db';
import type { TopicPartition } from '../message-bus.ts';
import { assignPartitions } from './assign-partitions.ts';

/** NOTIFY channel for membership changes, payload the group id: members rebalance at once. */
export const GROUP_CHANNEL = 'bus_group';

export interface RebalanceResult {
  /** What this member should own under the current membership. */
  readonly desired: TopicPartition[];
  /** What it holds claims on now (claims may lag the desired set while others let go). */
  readonly owned: TopicPartition[];
}

interface MembershipRow {
  member_id: string;
  topics: string[];
}

/**
 * One heartbeat: refreshes this member, evicts members silent past the session timeout (and their
 * claims), and claims every partition this member should own that nobody holds. Time is the
 * database's, so members in different processes agree on who is late.
 */
export async function heartbeatAndClaim(
  db: Database,
  member: { groupId: string; memberId: string; topics: readonly string[] },
  sessionTimeoutMs: number,
): Promise<RebalanceResult> {
  return db.transaction(async (tx) => {
    const { groupId, memberId } = member;
    await tx.query(
      `insert into bus.group_members (group_id, member_id, topics) values ($1, $2, $3)
       on conflict (group_id, member_id) do update set heartbeat_at = now()`,
      [groupId, memberId, [...member.topics]],
    );
    const evicted = await tx.query(
      `delete from bus.group_members
       where group_id = $1 and heartbeat_at < now() - make_interval(secs => $2 / 1000.0)`,
      [groupId, sessionTimeoutMs],
    );
    await tx.query(
      `delete from bus.partition_claims c where c.group_id = $1 and not exists
         (select 1 from bus.group_members m where m.group_id = c.group_id and m.member_id = c.member_id)`,
      [groupId],
    );
    if (evicted.rowCount > 0) await tx.query('select pg_notify($1, $2)', [GROUP_CHANNEL, groupId]);

    const members = await tx.query<MembershipRow>(
      'select member_id, topics from bus.group_members where group_id = $1',
      [groupId],
    );
    const partitions = await tx.query<{ topic: string; partition: number }>(
      `select topic, partition from bus.partitions
       where topic in (select unnest(topics) from bus.group_members where group_id = $1)`,
      [groupId],
    );
    const desired =
      assignPartitions(
        members.rows.map((row) => ({ memberId: row.member_id, topics: row.topics })),
        partitions.rows,
      ).get(memberId) ?? [];
    for (const tp of desired) {
      await tx.query(
        `insert into bus.partition_claims (group_id, topic, partition, member_id)
         values ($1, $2, $3, $4) on conflict do nothing`,
        [groupId, tp.topic, tp.partition, memberId],
      );
    }
    const owned = await tx.query<{ topic: string; partition: number }>(
      'select topic, partition from bus.partition_claims where group_id = $1 and member_id = $2',
      [groupId, memberId],
    );
    return { desired, owned: owned.rows };
  });
}

/** Gives up one claim, after its partition's worker stopped, and tells the group. */
export async function releaseClaim(
  db: Database,
  groupId: string,
  memberId: string,
  tp: TopicPartition,
): Promise<void> {
  await db.query(
    `delete from bus.partition_claims
     where group_id = $1 and topic = $2 and partition = $3 and member_id = $4`,
    [groupId, tp.topic, tp.partition, memberId],
  );
  await db.query('select pg_notify($1, $2)', [GROUP_CHANNEL, groupId]);
}

/** Leaves the group: claims and membership go at once, so the others take over without waiting. */
export async function leaveGroup(db: Database, groupId: string, memberId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('delete from bus.partition_claims where group_id = $1 and member_id = $2', [
      groupId,
      memberId,
    ]);
    await tx.query('delete from bus.group_members where group_id = $1 and member_id = $2', [
      groupId,
      memberId,
    ]);
    await tx.query('select pg_notify($1, $2)', [GROUP_CHANNEL, groupId]);
  });
}

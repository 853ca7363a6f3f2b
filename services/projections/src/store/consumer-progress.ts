import type { Queryable } from '@bloxtr8/db';

export interface ProgressMark {
  readonly consumerGroup: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** When the projected event happened (its meta.occurred_at). */
  readonly eventAt: Date;
  readonly handledAt: Date;
}

/**
 * Records, in the handler's transaction, that a group projected one more message of a partition.
 * One row per partition: a partition is handled by one member at a time, so the row is never
 * contended.
 */
export async function markProgress(tx: Queryable, mark: ProgressMark): Promise<void> {
  await tx.query(
    `insert into projections.consumer_progress as p (consumer_group, topic, partition,
       last_offset, newest_event_at, last_handled_at, handled)
     values ($1, $2, $3, $4, $5, $6, 1)
     on conflict (consumer_group, topic, partition) do update set
       last_offset = greatest(p.last_offset, excluded.last_offset),
       newest_event_at = greatest(p.newest_event_at, excluded.newest_event_at),
       last_handled_at = greatest(p.last_handled_at, excluded.last_handled_at),
       handled = p.handled + 1`,
    [mark.consumerGroup, mark.topic, mark.partition, mark.offset, mark.eventAt, mark.handledAt],
  );
}

export interface GroupProgress {
  readonly consumerGroup: string;
  readonly newestEventAt: Date | null;
  readonly lastHandledAt: Date | null;
  readonly handled: bigint;
}

/** What each of `groups` projected so far (groups that projected nothing yet included). */
export async function readGroupProgress(
  db: Queryable,
  groups: readonly string[],
): Promise<Map<string, GroupProgress>> {
  const { rows } = await db.query<{
    consumer_group: string;
    newest_event_at: Date | null;
    last_handled_at: Date | null;
    handled: bigint | null;
  }>(
    `select consumer_group, max(newest_event_at) as newest_event_at,
       max(last_handled_at) as last_handled_at, sum(handled)::int8 as handled
     from projections.consumer_progress where consumer_group = any($1::text[])
     group by consumer_group`,
    [groups],
  );
  const progress = new Map<string, GroupProgress>();
  for (const group of groups) {
    progress.set(group, {
      consumerGroup: group,
      newestEventAt: null,
      lastHandledAt: null,
      handled: 0n,
    });
  }
  for (const row of rows) {
    progress.set(row.consumer_group, {
      consumerGroup: row.consumer_group,
      newestEventAt: row.newest_event_at,
      lastHandledAt: row.last_handled_at,
      handled: row.handled ?? 0n,
    });
  }
  return progress;
}

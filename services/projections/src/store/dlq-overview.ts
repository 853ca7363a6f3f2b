import type { Queryable } from '@bloxtr8/db';
import type { DeadLetterEntry } from '../model/dead-letter-entry.ts';

/** True when the incoming letter is the newest of its group: it then names the last error. */
const INCOMING_IS_NEWEST = `((excluded.newest_failed_at, excluded.last_dead_letter_id)
  > (o.newest_failed_at, o.last_dead_letter_id))`;

const newest = (column: string) =>
  `${column} = case when ${INCOMING_IS_NEWEST} then excluded.${column} else o.${column} end`;

/**
 * Counts one dead letter (the caller's inbox made sure it is new) into its topic and group's row.
 * Letters of different partitions arrive in any order; the newest by failure time (then id) names
 * the last error whatever the order.
 */
export async function countDeadLetter(tx: Queryable, entry: DeadLetterEntry): Promise<void> {
  await tx.query(
    `insert into projections.dlq_overview as o (dlq_topic, consumer_group, origin_topic,
       dead_letters, oldest_failed_at, newest_failed_at, last_dead_letter_id, last_error_kind,
       last_error_type, last_error_message, last_origin_partition, last_origin_offset)
     values ($1, $2, $3, 1, $4, $4, $5, $6, $7, $8, $9, $10)
     on conflict (dlq_topic, consumer_group) do update set
       dead_letters = o.dead_letters + 1,
       oldest_failed_at = least(o.oldest_failed_at, excluded.oldest_failed_at),
       ${[
         'last_error_kind',
         'last_error_type',
         'last_error_message',
         'last_origin_partition',
         'last_origin_offset',
         'last_dead_letter_id',
         'newest_failed_at',
       ]
         .map(newest)
         .join(',\n       ')}`,
    [
      entry.dlqTopic,
      entry.consumerGroup,
      entry.originTopic,
      entry.failedAt,
      entry.deadLetterId,
      entry.errorKind,
      entry.errorType,
      entry.errorMessage,
      entry.originPartition,
      entry.originOffset,
    ],
  );
}

import type { Queryable } from '@bloxtr8/db';

/** Dead letters of one `<topic>.dlq` and consumer group. */
export interface DlqOverviewRow {
  readonly dlqTopic: string;
  readonly consumerGroup: string;
  readonly originTopic: string;
  /** Dead letters received (replays are not events, so replayed ones still count). */
  readonly deadLetters: number;
  readonly oldestFailedAt: Date;
  readonly newestFailedAt: Date;
  readonly lastError: {
    readonly deadLetterId: string;
    /** UNDECODABLE, PERMANENT or RETRIES_EXHAUSTED. */
    readonly kind: string;
    readonly type: string;
    readonly message: string;
    readonly originPartition: number;
    readonly originOffset: bigint;
  };
}

interface DlqOverviewDbRow {
  readonly dlq_topic: string;
  readonly consumer_group: string;
  readonly origin_topic: string;
  readonly dead_letters: bigint;
  readonly oldest_failed_at: Date;
  readonly newest_failed_at: Date;
  readonly last_dead_letter_id: string;
  readonly last_error_kind: string;
  readonly last_error_type: string;
  readonly last_error_message: string;
  readonly last_origin_partition: number;
  readonly last_origin_offset: bigint;
}

/** Every topic and group that has dead letters, by topic then group (a handful of rows). */
export async function getDlqOverview(db: Queryable): Promise<DlqOverviewRow[]> {
  const { rows } = await db.query<DlqOverviewDbRow>(
    'select * from projections.dlq_overview order by dlq_topic, consumer_group',
  );
  return rows.map((row) => ({
    dlqTopic: row.dlq_topic,
    consumerGroup: row.consumer_group,
    originTopic: row.origin_topic,
    deadLetters: Number(row.dead_letters),
    oldestFailedAt: row.oldest_failed_at,
    newestFailedAt: row.newest_failed_at,
    lastError: {
      deadLetterId: row.last_dead_letter_id,
      kind: row.last_error_kind,
      type: row.last_error_type,
      message: row.last_error_message,
      originPartition: row.last_origin_partition,
      originOffset: row.last_origin_offset,
    },
  }));
}

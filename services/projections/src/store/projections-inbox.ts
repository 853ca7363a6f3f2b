import type { IncomingMessage } from '@bloxtr8/bus';
import type { Queryable } from '@bloxtr8/db';

/**
 * Records a dead letter as handled by `groupId`, in the caller's transaction; false when it was
 * already. Dead-letter topics carry no envelope, so their consumers dedupe here themselves, the way
 * the consumer runtime does for envelopes.
 */
export async function admitToInbox(
  tx: Queryable,
  groupId: string,
  eventId: string,
  incoming: IncomingMessage,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into projections.inbox (consumer_group, event_id, topic, partition, "offset")
     values ($1, $2, $3, $4, $5) on conflict do nothing`,
    [groupId, eventId, incoming.topic, incoming.partition, incoming.offset],
  );
  return rowCount > 0;
}

/** Removes an inbox entry written in this transaction, when its message turned out not to count. */
export async function forgetInboxEntry(
  tx: Queryable,
  groupId: string,
  eventId: string,
): Promise<void> {
  await tx.query('delete from projections.inbox where consumer_group = $1 and event_id = $2', [
    groupId,
    eventId,
  ]);
}

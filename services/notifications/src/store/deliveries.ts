import type { Queryable } from '@bloxtr8/db';

/** A claim older than this was left by a crash mid-send: another attempt may take it over. */
export const CLAIM_STALE_MS = 5 * 60_000;

export type DeliveryChannel = 'DM' | 'THREAD' | 'CHANNEL';

/**
 * Claims the delivery of `eventId` to `recipient` for this attempt. False when it was delivered
 * already, or another attempt is sending it right now: the caller sends nothing.
 */
export async function claimDelivery(
  db: Queryable,
  delivery: { readonly eventId: string; readonly recipient: string; readonly kind: string },
  now: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into notifications.deliveries (event_id, recipient, kind, status, claimed_at)
     values ($1, $2, $3, 'SENDING', $4)
     on conflict (event_id, recipient) do update set claimed_at = excluded.claimed_at
       where deliveries.status = 'SENDING' and deliveries.claimed_at < $5`,
    [
      delivery.eventId,
      delivery.recipient,
      delivery.kind,
      now,
      new Date(now.getTime() - CLAIM_STALE_MS),
    ],
  );
  return rowCount === 1;
}

/** The send is done (or could not reach the person anywhere): never again for this event. */
export async function settleDelivery(
  db: Queryable,
  key: { readonly eventId: string; readonly recipient: string },
  outcome: { readonly channel: DeliveryChannel | null; readonly messageId: string | null },
  now: Date,
): Promise<void> {
  await db.query(
    `update notifications.deliveries
     set status = $3, channel = $4, discord_message_id = $5, settled_at = $6
     where event_id = $1 and recipient = $2`,
    [
      key.eventId,
      key.recipient,
      outcome.channel === null ? 'UNREACHABLE' : 'SENT',
      outcome.channel,
      outcome.messageId,
      now,
    ],
  );
}

/** The send failed for now: let the next attempt claim it again. */
export async function releaseDelivery(
  db: Queryable,
  key: { readonly eventId: string; readonly recipient: string },
): Promise<void> {
  await db.query(
    `delete from notifications.deliveries where event_id = $1 and recipient = $2 and status = 'SENDING'`,
    [key.eventId, key.recipient],
  );
}

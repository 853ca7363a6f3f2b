import type { Queryable } from '@bloxtr8/db';
import { newId } from '@bloxtr8/platform';

/**
 * Keeps a verified webhook under the provider's event id. Returns false when that event was
 * received before: concurrent deliveries of one event serialise on the unique key and only the
 * first gets true.
 */
export async function storeWebhookEvent(
  tx: Queryable,
  event: {
    provider: 'STRIPE' | 'CUSTODIAN';
    providerEventId: string;
    eventType: string;
    rawBody: string;
    receivedAt: Date;
  },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into payments.webhook_events (id, provider, provider_event_id, event_type, raw_body,
       received_at)
     values ($1, $2, $3, $4, $5, $6) on conflict (provider, provider_event_id) do nothing`,
    [
      newId(),
      event.provider,
      event.providerEventId,
      event.eventType,
      event.rawBody,
      event.receivedAt,
    ],
  );
  return rowCount > 0;
}

/**
 * Clears the raw bodies of up to `limit` webhooks received before `cutoff`, keeping their rows
 * (event id, type, times) so a late redelivery is still recognised as a duplicate. Returns how
 * many it cleared; replicas pruning at once skip each other's rows.
 */
export async function pruneWebhookBodies(
  tx: Queryable,
  cutoff: Date,
  limit: number,
  prunedAt: Date,
): Promise<number> {
  const { rowCount } = await tx.query(
    `update payments.webhook_events set raw_body = null, raw_body_pruned_at = $3
     where id in (select id from payments.webhook_events
                  where raw_body is not null and received_at < $1
                  order by received_at limit $2 for update skip locked)`,
    [cutoff, limit, prunedAt],
  );
  return rowCount;
}

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
  },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into payments.webhook_events (id, provider, provider_event_id, event_type, raw_body)
     values ($1, $2, $3, $4, $5) on conflict (provider, provider_event_id) do nothing`,
    [newId(), event.provider, event.providerEventId, event.eventType, event.rawBody],
  );
  return rowCount > 0;
}

import { TOPICS } from '@bloxtr8/contracts';
import type { Database } from '@bloxtr8/db';
import type { Clock } from '@bloxtr8/platform';
import { pruneWebhookBodies } from '../store/webhook-events.ts';

/**
 * Raw webhook bodies are kept as long as SPEC §6 keeps webhook events on webhook.events.v1 (90
 * days): long enough to investigate anything a provider sent, no longer than the events
 * themselves.
 */
export const WEBHOOK_BODY_RETENTION_MS = TOPICS.webhookEvents.retentionMs;

/**
 * Clears the raw bodies of webhooks older than the retention, `batchSize` rows per transaction,
 * until none is left (or stopping). Rows stay: event id, type and times keep deduplicating late
 * redeliveries. Returns how many bodies it cleared.
 */
export async function pruneOldWebhookBodies(
  db: Database,
  clock: Clock,
  batchSize: number,
  stopping?: AbortSignal,
): Promise<number> {
  let pruned = 0;
  for (;;) {
    const now = clock.now();
    const cutoff = new Date(now.getTime() - WEBHOOK_BODY_RETENTION_MS);
    const cleared = await db.transaction((tx) => pruneWebhookBodies(tx, cutoff, batchSize, now));
    pruned += cleared;
    if (cleared < batchSize || stopping?.aborted === true) return pruned;
  }
}

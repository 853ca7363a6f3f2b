import { recordAudit } from '@bloxtr8/audit';
import type { Database } from '@bloxtr8/db';
import type { Clock } from '@bloxtr8/platform';
import { appendOfferAnswered } from '../events/marketplace-events.ts';

/** Offers expired per transaction: bounds lock time and batch size. */
export const EXPIRE_OFFERS_LIMIT_DEFAULT = 100;

/**
 * PENDING offers past their expiry → EXPIRED, at most `limit` of them in one transaction, each
 * with its audit record. Several sweepers may run at once: each takes the rows the others do not
 * hold (`for update skip locked`). Resolves with how many offers expired.
 */
export async function expireOffers(
  db: Database,
  clock: Clock,
  options: { readonly limit?: number } = {},
): Promise<number> {
  const limit = options.limit ?? EXPIRE_OFFERS_LIMIT_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1) throw new Error('limit must be a positive integer');
  return db.transaction(async (tx) => {
    const now = clock.now();
    const { rows } = await tx.query<{ id: string; listing_id: string }>(
      `with due as (
         select id from marketplace.offers where status = 'PENDING' and expires_at <= $1
         order by expires_at limit $2 for update skip locked)
       update marketplace.offers o set status = 'EXPIRED', decided_at = $1
       from due where o.id = due.id
       returning o.id, o.listing_id`,
      [now, limit],
    );
    for (const row of rows) {
      await appendOfferAnswered(tx, { id: row.id, listingId: row.listing_id }, 'EXPIRED', now);
      await recordAudit(tx, {
        actorType: 'SYSTEM',
        actorId: null,
        action: 'marketplace.offer.expire',
        subjectType: 'offer',
        subjectId: row.id,
        ip: null,
        userAgent: null,
        requestId: null,
        traceId: null,
        detail: { listingId: row.listing_id },
      });
    }
    return rows.length;
  });
}

import type { Database } from '@bloxtr8/db';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, newId, ok } from '@bloxtr8/platform';
import { appendOfferMade } from '../events/marketplace-events.ts';
import type { MarketplaceActor } from '../listings/marketplace-actor.ts';
import { auditActor } from '../listings/marketplace-actor.ts';
import type { Offer } from './offer.ts';
import { insertOffer, OFFER_EXPIRY_MS_DEFAULT, selectOffers } from './offer.ts';
import type { NewOfferRefusal } from './offer-rules.ts';
import { refuseNewOffer } from './offer-rules.ts';
import { lockOfferedListing } from './offered-listing.ts';

export interface CreateOfferOptions {
  readonly listingId: string;
  /** The buyer. */
  readonly actor: MarketplaceActor;
  readonly amountMinor: bigint;
  readonly message: string | null;
  /** How long the offer stands; 72 hours by default. */
  readonly expiryMs?: number;
}

/**
 * LISTING_NOT_FOUND, or a rule of SPEC §3.4 (NewOfferRefusal). OFFER_ALREADY_PENDING: the buyer
 * has an open negotiation on this listing (their offer, or a counter-offer waiting for them).
 */
export type CreateOfferFailure = 'LISTING_NOT_FOUND' | 'OFFER_ALREADY_PENDING' | NewOfferRefusal;

/**
 * A buyer's offer for a listing, PENDING until answered or expired. A retry of the same offer
 * (same amount and message while it is still open) answers that offer with `replayed: true`.
 */
export async function createOffer(
  db: Database,
  clock: Clock,
  options: CreateOfferOptions,
): Promise<Result<{ offer: Offer; replayed: boolean }, CreateOfferFailure>> {
  const { listingId, actor, amountMinor } = options;
  const now = clock.now();
  return db.transaction(async (tx) => {
    const listing = await lockOfferedListing(tx, listingId, 'update');
    if (listing === undefined) return err('LISTING_NOT_FOUND');
    const refusal = refuseNewOffer(listing, actor.userId, amountMinor);
    if (refusal !== null) return err(refusal);
    const [open] = await selectOffers(
      tx,
      `where listing_id = $1 and buyer_id = $2 and status = 'PENDING' and expires_at > $3
       order by created_at desc limit 1`,
      [listingId, actor.userId, now],
    );
    if (open !== undefined) {
      const isRetry =
        open.parentOfferId === null &&
        open.amountMinor === amountMinor &&
        open.message === options.message;
      return isRetry ? ok({ offer: open, replayed: true }) : err('OFFER_ALREADY_PENDING');
    }
    const offer: Offer = {
      id: newId(),
      listingId,
      buyerId: actor.userId,
      sellerId: listing.sellerId,
      amountMinor,
      currency: 'USD',
      status: 'PENDING',
      parentOfferId: null,
      proposedBy: actor.userId,
      message: options.message,
      expiresAt: new Date(now.getTime() + (options.expiryMs ?? OFFER_EXPIRY_MS_DEFAULT)),
      createdAt: now,
      decidedAt: null,
    };
    await insertOffer(tx, offer);
    await appendOfferMade(tx, offer, now);
    await auditActor(tx, actor, {
      action: 'marketplace.offer.create',
      subjectType: 'offer',
      subjectId: offer.id,
      detail: {
        listingId,
        amountMinor: amountMinor.toString(),
        expiresAt: offer.expiresAt.toISOString(),
      },
    });
    return ok({ offer, replayed: false });
  });
}

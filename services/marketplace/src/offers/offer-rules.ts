import type { ListingStatus } from '../listings/listing.ts';
import type { Offer, OfferStatus } from './offer.ts';
import { answererOf, isOfferParty } from './offer.ts';

/** What the rules need to know of the listing an offer is for. */
export interface OfferedListing {
  readonly sellerId: string;
  readonly priceMinor: bigint;
  readonly status: ListingStatus;
}

/**
 * LISTING_NOT_ACTIVE: the listing is not for sale. SELF_OFFER: the buyer is the seller.
 * OFFER_ABOVE_PRICE: more than the asking price (SPEC §3.4: amount ≤ listing price).
 */
export type NewOfferRefusal = 'LISTING_NOT_ACTIVE' | 'SELF_OFFER' | 'OFFER_ABOVE_PRICE';

/** Why `buyerId` may not offer `amountMinor` for the listing, or null when they may. */
export function refuseNewOffer(
  listing: OfferedListing,
  buyerId: string,
  amountMinor: bigint,
): NewOfferRefusal | null {
  if (amountMinor <= 0n) throw new Error('amountMinor must be positive: the gateway validates it');
  if (listing.status !== 'ACTIVE') return 'LISTING_NOT_ACTIVE';
  if (listing.sellerId === buyerId) return 'SELF_OFFER';
  if (amountMinor > listing.priceMinor) return 'OFFER_ABOVE_PRICE';
  return null;
}

/**
 * OFFER_NOT_FOUND: not a party (staff answer nothing; strangers learn nothing). OWN_OFFER: the
 * proposer answering their own offer. OFFER_NOT_PENDING: already decided otherwise.
 * OFFER_EXPIRED: past its expiry, even if the sweeper has not marked it yet.
 */
export type AnswerRefusal = 'OFFER_NOT_FOUND' | 'OWN_OFFER' | 'OFFER_NOT_PENDING' | 'OFFER_EXPIRED';

/**
 * How the other party's answer (`to`: ACCEPTED, DECLINED or COUNTERED) meets the offer: a
 * refusal, `replay` when the same answer was given already (a retry), or `apply`.
 */
export function judgeAnswer(
  offer: Offer,
  answerer: string,
  to: Exclude<OfferStatus, 'PENDING' | 'EXPIRED'>,
  now: Date,
): AnswerRefusal | 'replay' | 'apply' {
  if (!isOfferParty(offer, answerer)) return 'OFFER_NOT_FOUND';
  if (answererOf(offer) !== answerer) return 'OWN_OFFER';
  if (offer.status === to) return 'replay';
  if (offer.status !== 'PENDING') return 'OFFER_NOT_PENDING';
  if (offer.expiresAt.getTime() <= now.getTime()) return 'OFFER_EXPIRED';
  return 'apply';
}

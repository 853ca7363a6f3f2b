import { describe, expect, it } from 'vitest';
import type { Offer } from './offer.ts';
import { judgeAnswer, refuseNewOffer } from './offer-rules.ts';

const SELLER = 'seller';
const BUYER = 'buyer';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const listing = { sellerId: SELLER, priceMinor: 100_000n, status: 'ACTIVE' } as const;

function offerBy(proposedBy: string, changes: Partial<Offer> = {}): Offer {
  return {
    id: 'offer',
    listingId: 'listing',
    buyerId: BUYER,
    sellerId: SELLER,
    amountMinor: 90_000n,
    currency: 'USD',
    status: 'PENDING',
    parentOfferId: null,
    proposedBy,
    message: null,
    expiresAt: new Date(NOW.getTime() + 1_000),
    createdAt: new Date(NOW.getTime() - 1_000),
    decidedAt: null,
    ...changes,
  };
}

describe('making an offer', () => {
  it('allows a buyer to offer up to the asking price', () => {
    expect(refuseNewOffer(listing, BUYER, 100_000n)).toBeNull();
    expect(refuseNewOffer(listing, BUYER, 1n)).toBeNull();
  });

  it('refuses above the price, on your own listing, and on a listing not for sale', () => {
    expect(refuseNewOffer(listing, BUYER, 100_001n)).toBe('OFFER_ABOVE_PRICE');
    expect(refuseNewOffer(listing, SELLER, 50_000n)).toBe('SELF_OFFER');
    expect(refuseNewOffer({ ...listing, status: 'INACTIVE' }, BUYER, 50_000n)).toBe(
      'LISTING_NOT_ACTIVE',
    );
    expect(refuseNewOffer({ ...listing, status: 'SOLD' }, BUYER, 50_000n)).toBe(
      'LISTING_NOT_ACTIVE',
    );
  });

  it('treats a non-positive amount as a bug of the caller', () => {
    expect(() => refuseNewOffer(listing, BUYER, 0n)).toThrow();
  });
});

describe('answering an offer', () => {
  it('lets the party that did not propose it answer a pending offer', () => {
    expect(judgeAnswer(offerBy(BUYER), SELLER, 'ACCEPTED', NOW)).toBe('apply');
    expect(judgeAnswer(offerBy(SELLER), BUYER, 'COUNTERED', NOW)).toBe('apply');
  });

  it('refuses the proposer and strangers', () => {
    expect(judgeAnswer(offerBy(BUYER), BUYER, 'ACCEPTED', NOW)).toBe('OWN_OFFER');
    expect(judgeAnswer(offerBy(BUYER), 'someone', 'DECLINED', NOW)).toBe('OFFER_NOT_FOUND');
  });

  it('answers the same answer again as a replay, and any other as not pending', () => {
    const accepted = offerBy(BUYER, { status: 'ACCEPTED' });
    expect(judgeAnswer(accepted, SELLER, 'ACCEPTED', NOW)).toBe('replay');
    expect(judgeAnswer(accepted, SELLER, 'DECLINED', NOW)).toBe('OFFER_NOT_PENDING');
    expect(judgeAnswer(offerBy(BUYER, { status: 'EXPIRED' }), SELLER, 'ACCEPTED', NOW)).toBe(
      'OFFER_NOT_PENDING',
    );
  });

  it('refuses an offer past its expiry even before the sweeper marks it', () => {
    expect(judgeAnswer(offerBy(BUYER, { expiresAt: NOW }), SELLER, 'ACCEPTED', NOW)).toBe(
      'OFFER_EXPIRED',
    );
  });
});

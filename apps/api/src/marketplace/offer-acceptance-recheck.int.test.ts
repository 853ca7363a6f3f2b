import { newRobloxId } from '@bloxtr8/sandbox/roblox';
import { describe, expect, it } from 'vitest';
import type { ListingTestServer } from './listing-test-server.ts';
import {
  listingBody,
  newBuyer,
  sellerWithGame,
  useListingTestServer,
} from './listing-test-server.ts';

/** A seller with an ACTIVE listing of their game, and a buyer's offer on it. */
async function givenOffer(server: ListingTestServer) {
  const seller = await sellerWithGame(server);
  const buyer = await newBuyer(server);
  const listing = await seller.api.post('/api/listings', listingBody(seller.universeId));
  expect(listing.status).toBe(201);
  const offer = await buyer.api.post(`/api/listings/${listing.body.id}/offers`, {
    amountMinor: 200_000,
  });
  expect(offer.status).toBe(201);
  return { seller, buyer, listingId: listing.body.id as string, offerId: offer.body.id as string };
}

/** The seller hands the game to someone else on Roblox; our 24-hour cache still says theirs. */
async function transferAway(server: ListingTestServer, universeId: string): Promise<void> {
  await server.roblox.control.addUniverse({
    id: universeId,
    creator: { id: newRobloxId(), type: 'User' },
  });
}

describe('accepting an offer re-checks the seller with Roblox', () => {
  const use = useListingTestServer();

  it('refuses with OWNERSHIP_LOST once the seller gave the game away, and takes the listing off sale', async () => {
    const server = use();
    const { seller, listingId, offerId } = await givenOffer(server);
    await transferAway(server, seller.universeId);
    const accepted = await seller.api.post(`/api/offers/${offerId}/accept`);
    expect([accepted.status, accepted.body.code]).toEqual([409, 'OWNERSHIP_LOST']);
    expect(accepted.headers.get('content-type')).toContain('application/problem+json');
    expect((await seller.api.get(`/api/listings/${listingId}`)).body.status).toBe('INACTIVE');
    expect((await seller.api.get(`/api/offers/${offerId}`)).body.status).toBe('PENDING');
    const { rows } = await server.db.query<{ actor_type: string; detail: unknown }>(
      `select actor_type, detail from audit.audit_log
       where subject_id = $1 and action = 'marketplace.listing.deactivate'`,
      [listingId],
    );
    expect(rows).toEqual([
      {
        actor_type: 'SYSTEM',
        detail: {
          sellerId: seller.user.userId,
          reason: 'OWNERSHIP_LOST',
          moment: 'OFFER_ACCEPTANCE',
        },
      },
    ]);
    // The fresh answer replaced the cached one: the game cannot be listed again from the cache.
    const relisted = await seller.api.post('/api/listings', listingBody(seller.universeId));
    expect([relisted.status, relisted.body.code]).toEqual([403, 'GAME_NOT_OWNED']);
  });

  it('asks Roblox past the cache when the buyer accepts a counter-offer, and accepts while the seller still controls the game', async () => {
    const server = use();
    const { seller, buyer, listingId, offerId } = await givenOffer(server);
    const counter = await seller.api.post(`/api/offers/${offerId}/counter`, {
      amountMinor: 230_000,
    });
    expect(counter.status).toBe(201);
    const gamesAskedBefore = (await server.roblox.control.calls()).games;
    const accepted = await buyer.api.post(`/api/offers/${counter.body.id}/accept`);
    expect([accepted.status, accepted.body.status]).toEqual([200, 'ACCEPTED']);
    expect((await server.roblox.control.calls()).games).toBe(gamesAskedBefore + 1);
    expect((await buyer.api.get(`/api/listings/${listingId}`)).body.status).toBe('ACTIVE');
  });

  it('refuses the buyer’s acceptance of a counter-offer too when the game changed hands', async () => {
    const server = use();
    const { seller, buyer, offerId } = await givenOffer(server);
    const counter = await seller.api.post(`/api/offers/${offerId}/counter`, {
      amountMinor: 230_000,
    });
    await transferAway(server, seller.universeId);
    const accepted = await buyer.api.post(`/api/offers/${counter.body.id}/accept`);
    expect([accepted.status, accepted.body.code]).toEqual([409, 'OWNERSHIP_LOST']);
  });

  it('changes nothing when Roblox cannot answer: 502, the listing stays for sale', async () => {
    const server = use();
    const { seller, listingId, offerId } = await givenOffer(server);
    await server.roblox.control.trouble({ failing: 10 });
    const accepted = await seller.api.post(`/api/offers/${offerId}/accept`);
    expect([accepted.status, accepted.body.code]).toEqual([502, 'ROBLOX_UNAVAILABLE']);
    await server.roblox.control.trouble({ failing: 0 });
    expect((await seller.api.get(`/api/listings/${listingId}`)).body.status).toBe('ACTIVE');
    expect((await seller.api.get(`/api/offers/${offerId}`)).body.status).toBe('PENDING');
  });
});

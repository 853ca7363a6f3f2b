import { expireOffers, startOfferSweeper } from '@bloxtr8/marketplace';
import { createLogger } from '@bloxtr8/platform';
import { describe, expect, it } from 'vitest';
import type { ListingTestServer, Trader } from './listing-test-server.ts';
import {
  auditActions,
  countRows,
  listingBody,
  newBuyer,
  sellerWithGame,
  useListingTestServer,
} from './listing-test-server.ts';

const HOUR_MS = 3_600_000;

/** A seller with an ACTIVE listing at $2,500.00 and a buyer ready to offer. */
async function givenListing(server: ListingTestServer) {
  const seller = await sellerWithGame(server);
  const buyer = await newBuyer(server);
  const created = await seller.api.post('/api/listings', listingBody(seller.universeId));
  expect(created.status).toBe(201);
  return { seller, buyer, listingId: created.body.id as string };
}

const offer = (buyer: Trader, listingId: string, amountMinor: number, message?: string) =>
  buyer.api.post(`/api/listings/${listingId}/offers`, { amountMinor, message });

describe('offers', () => {
  const use = useListingTestServer();

  it('makes an offer that stands 72 hours, answers a retry with the same offer, and audits it', async () => {
    const server = use();
    const { buyer, seller, listingId } = await givenListing(server);
    const made = await offer(buyer, listingId, 200_000, 'would you take 2k?');
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      listingId,
      buyerId: buyer.user.userId,
      sellerId: seller.user.userId,
      proposedBy: buyer.user.userId,
      amountMinor: '200000',
      status: 'PENDING',
      parentOfferId: null,
    });
    expect(Date.parse(made.body.expiresAt) - Date.parse(made.body.createdAt)).toBe(72 * HOUR_MS);
    const retry = await offer(buyer, listingId, 200_000, 'would you take 2k?');
    expect([retry.status, retry.body.id]).toEqual([200, made.body.id]);
    const different = await offer(buyer, listingId, 150_000);
    expect([different.status, different.body.code]).toEqual([409, 'OFFER_ALREADY_PENDING']);
    expect(await auditActions(server.db, made.body.id)).toEqual(['marketplace.offer.create']);
    expect((await seller.api.get(`/api/offers/${made.body.id}`)).body.id).toBe(made.body.id);
    const stranger = await newBuyer(server);
    expect((await stranger.api.get(`/api/offers/${made.body.id}`)).status).toBe(404);
    const moderator = await newBuyer(server, { role: 'MODERATOR' });
    expect((await moderator.api.get(`/api/offers/${made.body.id}`)).status).toBe(200);
  });

  it('refuses an offer above the price, on your own listing, or on an inactive listing, writing nothing', async () => {
    const server = use();
    const { buyer, seller, listingId } = await givenListing(server);
    const before = await countRows(server.db, 'marketplace.offers');
    const above = await offer(buyer, listingId, 250_001);
    const self = await offer(seller, listingId, 100_000);
    await seller.api.post(`/api/listings/${listingId}/deactivate`);
    const inactive = await offer(buyer, listingId, 100_000);
    const answers = [above, self, inactive].map((answer) => [
      answer.status,
      answer.headers.get('content-type')?.split(';')[0],
      answer.body.code,
    ]);
    expect(answers).toEqual([
      [422, 'application/problem+json', 'OFFER_ABOVE_PRICE'],
      [403, 'application/problem+json', 'SELF_OFFER'],
      [409, 'application/problem+json', 'LISTING_NOT_ACTIVE'],
    ]);
    expect(await countRows(server.db, 'marketplace.offers')).toBe(before);
  });

  it('lets only the other party answer, and a decided offer stays decided', async () => {
    const server = use();
    const { buyer, seller, listingId } = await givenListing(server);
    const { body: made } = await offer(buyer, listingId, 200_000);
    const byProposer = await buyer.api.post(`/api/offers/${made.id}/accept`);
    expect([byProposer.status, byProposer.body.code]).toEqual([403, 'OWN_OFFER']);
    const stranger = await newBuyer(server);
    expect((await stranger.api.post(`/api/offers/${made.id}/decline`)).status).toBe(404);
    const declined = await seller.api.post(`/api/offers/${made.id}/decline`);
    const declinedAgain = await seller.api.post(`/api/offers/${made.id}/decline`);
    expect([declined.status, declined.body.status, declinedAgain.status]).toEqual([
      200,
      'DECLINED',
      200,
    ]);
    const accept = await seller.api.post(`/api/offers/${made.id}/accept`);
    expect([accept.status, accept.body.code]).toEqual([409, 'OFFER_NOT_PENDING']);
    expect((await buyer.api.get(`/api/offers/${made.id}`)).body.status).toBe('DECLINED');
    expect(await auditActions(server.db, made.id)).toEqual([
      'marketplace.offer.create',
      'marketplace.offer.decline',
    ]);
  });

  it('negotiates: offer, counter, accept of the counter-offer', async () => {
    const server = use();
    const accepted: string[] = [];
    server.onAccepted = async (_tx, offerId) => {
      accepted.push(offerId);
    };
    const { buyer, seller, listingId } = await givenListing(server);
    const { body: first } = await offer(buyer, listingId, 180_000);
    const counter = await seller.api.post(`/api/offers/${first.id}/counter`, {
      amountMinor: 220_000,
      message: 'meet me at 2.2k',
    });
    expect(counter.status).toBe(201);
    expect(counter.body).toMatchObject({
      parentOfferId: first.id,
      proposedBy: seller.user.userId,
      buyerId: buyer.user.userId,
      amountMinor: '220000',
      status: 'PENDING',
    });
    const retry = await seller.api.post(`/api/offers/${first.id}/counter`, {
      amountMinor: 220_000,
    });
    expect([retry.status, retry.body.id]).toEqual([200, counter.body.id]);
    const secondCounter = await seller.api.post(`/api/offers/${first.id}/counter`, {
      amountMinor: 230_000,
    });
    expect([secondCounter.status, secondCounter.body.code]).toEqual([409, 'OFFER_NOT_PENDING']);
    const ownCounter = await seller.api.post(`/api/offers/${counter.body.id}/accept`);
    expect(ownCounter.body.code).toBe('OWN_OFFER');
    const accept = await buyer.api.post(`/api/offers/${counter.body.id}/accept`);
    expect([accept.status, accept.body.status]).toEqual([200, 'ACCEPTED']);
    expect((await buyer.api.get(`/api/offers/${first.id}`)).body.status).toBe('COUNTERED');
    expect(accepted).toEqual([counter.body.id]);
    const listed = await seller.api.get(`/api/listings/${listingId}/offers`);
    expect(listed.body.items.map((item: { status: string }) => item.status)).toEqual([
      'ACCEPTED',
      'COUNTERED',
    ]);
    expect((await buyer.api.get(`/api/listings/${listingId}/offers`)).body.code).toBe('NOT_SELLER');
    expect(await auditActions(server.db, first.id)).toEqual([
      'marketplace.offer.create',
      'marketplace.offer.counter',
    ]);
    expect(await auditActions(server.db, counter.body.id)).toEqual(['marketplace.offer.accept']);
  });

  it('accepts exactly once when two accepts race, calling the hook once', async () => {
    const server = use();
    let calls = 0;
    server.onAccepted = async () => {
      calls += 1;
      // Holds the accepting transaction open so that the other accept has to wait for it.
      await new Promise((resolve) => setTimeout(resolve, 50));
    };
    const { buyer, seller, listingId } = await givenListing(server);
    const { body: made } = await offer(buyer, listingId, 200_000);
    const answers = await Promise.all([
      seller.api.post(`/api/offers/${made.id}/accept`),
      seller.api.post(`/api/offers/${made.id}/accept`),
    ]);
    expect(answers.map((answer) => [answer.status, answer.body.status])).toEqual([
      [200, 'ACCEPTED'],
      [200, 'ACCEPTED'],
    ]);
    expect(calls).toBe(1);
    expect(await auditActions(server.db, made.id)).toEqual([
      'marketplace.offer.create',
      'marketplace.offer.accept',
    ]);
  });

  it('accepts one deal per listing: of two offers accepted at once, one stands', async () => {
    const server = use();
    server.onAccepted = async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    };
    const { seller, listingId } = await givenListing(server);
    const [first, second] = [await newBuyer(server), await newBuyer(server)];
    const offers = [
      (await offer(first, listingId, 200_000)).body,
      (await offer(second, listingId, 210_000)).body,
    ];
    const answers = await Promise.all(
      offers.map((made) => seller.api.post(`/api/offers/${made.id}/accept`)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)?.body.code).toBe(
      'LISTING_UNDER_CONTRACT',
    );
    expect(
      await countRows(
        server.db,
        `marketplace.offers where listing_id = '${listingId}' and status = 'ACCEPTED'`,
      ),
    ).toBe(1);
  });

  it('rolls the acceptance back when the hook fails, and refuses once the listing is off sale', async () => {
    const server = use();
    server.onAccepted = async () => {
      throw new Error('contract generation failed');
    };
    const { buyer, seller, listingId } = await givenListing(server);
    const { body: made } = await offer(buyer, listingId, 200_000);
    expect((await seller.api.post(`/api/offers/${made.id}/accept`)).status).toBe(500);
    expect((await seller.api.get(`/api/offers/${made.id}`)).body.status).toBe('PENDING');
    server.onAccepted = async () => {};
    await seller.api.post(`/api/listings/${listingId}/deactivate`);
    const refused = await seller.api.post(`/api/offers/${made.id}/accept`);
    expect([refused.status, refused.body.code]).toEqual([409, 'LISTING_NOT_ACTIVE']);
  });

  it('expires only PENDING offers past their expiry, and refuses to accept an expired one', async () => {
    const server = use();
    const first = await givenListing(server);
    const { body: due } = await offer(first.buyer, first.listingId, 100_000);
    const second = await givenListing(server);
    const { body: decided } = await offer(second.buyer, second.listingId, 100_000);
    await second.seller.api.post(`/api/offers/${decided.id}/decline`);
    server.clock.advanceBy(71 * HOUR_MS);
    const third = await givenListing(server);
    const { body: fresh } = await offer(third.buyer, third.listingId, 100_000);
    server.clock.advanceBy(HOUR_MS);
    const late = await first.seller.api.post(`/api/offers/${due.id}/accept`);
    expect([late.status, late.body.code]).toEqual([409, 'OFFER_EXPIRED']);
    const sweeper = startOfferSweeper({
      db: server.db,
      clock: server.clock,
      logger: createLogger({ level: 'silent' }),
      intervalMs: 60_000,
    });
    await sweeper.stop();
    const statusOf = async (id: string) =>
      (await first.buyer.api.get(`/api/offers/${id}`)).body.status;
    expect(await statusOf(due.id)).toBe('EXPIRED');
    expect((await second.buyer.api.get(`/api/offers/${decided.id}`)).body.status).toBe('DECLINED');
    expect((await third.buyer.api.get(`/api/offers/${fresh.id}`)).body.status).toBe('PENDING');
    expect(await expireOffers(server.db, server.clock, { limit: 10 })).toBe(0);
    expect(await auditActions(server.db, due.id)).toEqual([
      'marketplace.offer.create',
      'marketplace.offer.expire',
    ]);
    // The buyer may offer again once their offer expired.
    expect((await offer(first.buyer, first.listingId, 120_000)).status).toBe(201);
  });

  it('keeps one draft per user and listing for 30 minutes', async () => {
    const server = use();
    const { buyer, listingId } = await givenListing(server);
    const path = `/api/listings/${listingId}/offer-draft`;
    const put = (data: unknown) => buyer.api.request('PUT', path, { data }, {});
    expect((await put({ step: 1 })).status).toBe(200);
    server.clock.advanceBy(20 * 60_000);
    const saved = await put({ step: 2, amount: '2000' });
    expect(saved.status).toBe(200);
    server.clock.advanceBy(20 * 60_000);
    const read = await buyer.api.get(path);
    expect([read.status, read.body.data]).toEqual([200, { step: 2, amount: '2000' }]);
    server.clock.advanceBy(10 * 60_000);
    expect((await buyer.api.get(path)).body.code).toBe('DRAFT_NOT_FOUND');
    const large = await put({ text: 'x'.repeat(4_100) });
    expect([large.status, large.body.code]).toEqual([413, 'DRAFT_TOO_LARGE']);
    await put({ step: 3 });
    expect((await buyer.api.request('DELETE', path, undefined, {})).status).toBe(204);
    expect((await buyer.api.get(path)).status).toBe(404);
    const { rows } = await server.db.query(
      'select 1 from marketplace.offer_drafts where listing_id = $1',
      [listingId],
    );
    expect(rows).toHaveLength(0);
    const unknown = await buyer.api.request(
      'PUT',
      '/api/listings/01890000-0000-7000-8000-000000000000/offer-draft',
      { data: {} },
      {},
    );
    expect(unknown.body.code).toBe('LISTING_NOT_FOUND');
    expect(await auditActions(server.db, listingId)).toContain('marketplace.offer_draft.delete');
  });
});

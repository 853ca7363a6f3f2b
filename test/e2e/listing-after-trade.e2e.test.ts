import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiAnswer, MarketplacePlatform, MarketTrader } from '../platform/index.ts';
import {
  ApiCaller,
  eventually,
  signInWithDiscord,
  signUpUser,
  startMarketplacePlatform,
} from '../platform/index.ts';

const PRICE = 300_000;

/**
 * What becomes of a listing when the trade for it ends (SPEC §3–4), over HTTP only: a cancelled
 * or refunded escrow leaves the game unsold, so the listing takes a new offer, contract and
 * escrow; a released one sells it.
 */
describe('a listing after its trade ends', () => {
  let market: MarketplacePlatform;
  let seller: MarketTrader;
  let moderator: ApiCaller;
  let listingId: string;

  beforeAll(async () => {
    market = await startMarketplacePlatform();
    seller = await market.trader('resale_seller');
    await market.onboardPayouts(seller);
    const universeId = await market.addGame(seller);
    const staff = await signUpUser(market.platform.db, { role: 'MODERATOR', tier: 'TIER_1' });
    // Staff act as staff from a signed-in browser; the bot may only handle disputes (ADR 0016).
    const session = await signInWithDiscord(market.platform.baseUrl, market.discord, staff);
    moderator = new ApiCaller(market.platform.baseUrl, session.headers);
    const listing = await seller.api.post('/api/listings', {
      universeId,
      title: 'Lava Escape',
      summary: 'An obby with a loyal community.',
      priceMinor: PRICE,
      category: 'obby',
      visibility: 'PUBLIC',
    });
    expect(listing.status).toBe(201);
    listingId = listing.body.id;
  }, 120_000);
  afterAll(async () => {
    await market?.stop();
  }, 60_000);

  function expectStatus(answer: ApiAnswer, status: number): ApiAnswer {
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status });
    return answer;
  }

  /** A new buyer offers the price, the seller accepts, both sign: the escrow awaits funds. */
  async function openTrade(name: string) {
    const buyer = await market.trader(name);
    const offer = expectStatus(
      await buyer.api.post(`/api/listings/${listingId}/offers`, { amountMinor: PRICE }),
      201,
    ).body;
    // The marketplace learns from escrow.events.v1 that the previous trade ended: a moment.
    const accepted = await eventually(
      () => seller.api.post(`/api/offers/${offer.id}/accept`),
      (answer) => answer.body.code !== 'LISTING_UNDER_CONTRACT',
      'the previous deal to end',
      10_000,
    );
    expectStatus(accepted, 200);
    const contract = expectStatus(
      await buyer.api.get(`/api/offers/${offer.id}/contract`),
      200,
    ).body;
    expectStatus(
      await seller.api.post(`/api/contracts/${contract.id}/sign`, { confirm: 'I AGREE' }),
      200,
    );
    const signed = expectStatus(
      await buyer.api.post(`/api/contracts/${contract.id}/sign`, { confirm: 'I AGREE' }),
      200,
    ).body;
    const escrowId: string = signed.contract.escrowId;
    const awaiting = await eventually(
      () => buyer.api.get(`/api/escrow/${escrowId}`),
      (answer) => answer.status === 200 && answer.body.payment.providerPaymentId !== null,
      'the escrow to await funds',
    );
    return { buyer, escrowId, paymentId: awaiting.body.payment.providerPaymentId as string };
  }

  async function fund(trade: Awaited<ReturnType<typeof openTrade>>) {
    await market.platform.stripe.control.succeedPaymentIntent(trade.paymentId);
    await market.platform.waitForStatus(trade.escrowId, 'FUNDS_HELD');
  }

  const applied = { prefer: 'wait=10' };

  it('frees the listing when the buyer cancels the unpaid escrow', async () => {
    const trade = await openTrade('cancelling_buyer');
    const cancelled = await trade.buyer.api.post(
      `/api/escrow/${trade.escrowId}/cancel`,
      {},
      applied,
    );
    expect(cancelled.body.status).toBe('APPLIED');
    const next = await openTrade('buyer_after_cancel');
    expect(await market.platform.escrowStatus(next.escrowId)).toBe('AWAIT_FUNDS');
    await next.buyer.api.post(`/api/escrow/${next.escrowId}/cancel`, {}, applied);
    await market.platform.waitForStatus(next.escrowId, 'CANCELLED');
  });

  it('frees the listing when a moderator refunds the funded escrow', async () => {
    const trade = await openTrade('refunded_buyer');
    await fund(trade);
    const refunded = await moderator.post(
      `/api/escrow/${trade.escrowId}/refund`,
      { reason: 'CANCELLED_AFTER_FUNDING', note: 'the seller withdrew' },
      applied,
    );
    expect(refunded.body.status).toBe('APPLIED');
    await market.platform.waitForStatus(trade.escrowId, 'REFUNDED');
    const next = await openTrade('buyer_after_refund');
    expect(await market.platform.escrowStatus(next.escrowId)).toBe('AWAIT_FUNDS');
    await next.buyer.api.post(`/api/escrow/${next.escrowId}/cancel`, {}, applied);
    await market.platform.waitForStatus(next.escrowId, 'CANCELLED');
  });

  it('sells the listing when the escrow is released: no new offer', async () => {
    const trade = await openTrade('winning_buyer');
    await fund(trade);
    await seller.api.post(
      `/api/escrow/${trade.escrowId}/deliver`,
      { note: 'handed over' },
      applied,
    );
    await trade.buyer.api.post(`/api/escrow/${trade.escrowId}/release`, undefined, applied);
    await market.platform.waitForStatus(trade.escrowId, 'RELEASED');
    await eventually(
      () => seller.api.get(`/api/listings/${listingId}`),
      (answer) => answer.body.status === 'SOLD',
      'the listing to be sold',
    );
    const late = await market.trader('late_buyer');
    const refused = await late.api.post(`/api/listings/${listingId}/offers`, {
      amountMinor: PRICE,
    });
    expect([refused.status, refused.body.code]).toEqual([409, 'LISTING_NOT_ACTIVE']);
  });
});

import { ReleaseReason, TOPICS } from '@bloxtr8/contracts';
import { findPayoutDestination } from '@bloxtr8/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform, Trade } from '../platform/index.ts';
import {
  ApiCaller,
  botHeaders,
  deliverEscrow,
  ensureSignedUp,
  escrowCommand,
  eventually,
  newTrade,
  startTestPlatform,
} from '../platform/index.ts';

/** Past the default wait before a held release is tried again (60 s). */
const AFTER_RETRY_DELAY_MS = 61_000;

/**
 * A seller who signed without a payout account is paid once they set one up (ADR 0014): the
 * release waits, held, rather than failing again and again.
 */
describe('a release for a seller who sets up payouts after signing', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ projections: true });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const heldEvents = (trade: Trade) =>
    platform.recorder
      .of(TOPICS.paymentEvents, trade.escrowId)
      .filter((message) => message.kind === 'transferHeld');
  const transfersOf = async (trade: Trade) =>
    (await platform.stripe.control.objects()).transfers.filter(
      (transfer) => transfer.metadata.escrow_id === trade.escrowId,
    );
  /** The payments sweeper's next pass, once the held release is due again. */
  const sweepLater = () => {
    platform.clock.advanceBy(AFTER_RETRY_DELAY_MS);
    return platform.payments.sweeper.sweepOnce();
  };

  it('is held until the seller onboards, says why on the timeline, then pays exactly once', async () => {
    const trade = newTrade();
    await deliverEscrow(platform, trade, { sellerPayouts: false });
    const seller = await ensureSignedUp(platform, trade.sellerId);
    const asSeller = new ApiCaller(platform.baseUrl, botHeaders(seller.discordUserId));

    await platform.publish(
      TOPICS.escrowCommands,
      escrowCommand(trade, 'releaseFunds', 'buyer', { reason: ReleaseReason.BUYER_CONFIRMED }),
    );
    await eventually(
      async () => heldEvents(trade),
      (held) => held.length === 1,
      'the release to be held',
    );
    expect(heldEvents(trade)[0]?.message).toMatchObject({
      sellerId: trade.sellerId,
      reason: 'PAYOUT_ACCOUNT_MISSING',
      attempt: 1,
    });
    expect(await platform.escrowStatus(trade.escrowId)).toBe('RELEASE_PENDING');
    const timeline = await eventually(
      async () => (await asSeller.get(`/api/escrow/${trade.escrowId}`)).body.timeline ?? [],
      (entries: Array<{ eventType: string }>) =>
        entries.some((entry) => entry.eventType === 'TransferHeld'),
      'the hold on the seller’s timeline',
    );
    expect(timeline.find((entry) => entry.eventType === 'TransferHeld')).toMatchObject({
      detail: { holdReason: 'PAYOUT_ACCOUNT_MISSING' },
    });
    expect((await asSeller.get(`/api/escrow/${trade.escrowId}`)).body.state).toBe(
      'RELEASE_PENDING',
    );

    // Still nothing to pay into: the hold stays, and is not announced again.
    expect((await sweepLater()).heldTransfersTried).toBe(1);
    expect(heldEvents(trade)).toHaveLength(1);

    // The seller starts onboarding but has not finished it: Stripe refuses transfers to it yet.
    const started = await asSeller.post('/api/me/payout-account', { returnPath: '/payouts' });
    expect(started.status).toBe(200);
    await sweepLater();
    await eventually(
      async () => heldEvents(trade),
      (held) => held.length === 2,
      'the new reason to be announced',
    );
    expect(heldEvents(trade)[1]?.message).toMatchObject({ reason: 'PAYOUT_ACCOUNT_NOT_READY' });
    expect(await transfersOf(trade)).toEqual([]);

    // Onboarding finished: the next pass pays.
    const page = await fetch(started.body.onboardingUrl, { redirect: 'manual' });
    await page.body?.cancel();
    expect(page.status).toBe(303);
    await sweepLater();
    await platform.waitForStatus(trade.escrowId, 'RELEASED');

    const transfers = await transfersOf(trade);
    expect(transfers.map((transfer) => transfer.destination)).toEqual([
      await findPayoutDestination(platform.db, trade.sellerId, 'STRIPE'),
    ]);
    expect((await sweepLater()).heldTransfersTried).toBe(0);
    expect(await transfersOf(trade)).toHaveLength(1);
    const paymentKinds = platform.recorder.kindsOf(TOPICS.paymentEvents, trade.escrowId);
    expect(paymentKinds.filter((kind) => kind === 'transferSucceeded')).toHaveLength(1);
    expect(paymentKinds).not.toContain('transferFailed');
  });
});

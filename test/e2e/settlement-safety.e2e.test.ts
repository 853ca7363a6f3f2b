import { listDeadLetters, replayDeadLetter } from '@bloxtr8/bus';
import type { TopicDefinition } from '@bloxtr8/contracts';
import { RefundReason, ReleaseReason, TOPICS } from '@bloxtr8/contracts';
import type { EscrowStatus } from '@bloxtr8/escrow';
import { ledgerBalances } from '@bloxtr8/payments';
import { apiError, noSuchDestination, stripeClientFor } from '@bloxtr8/sandbox/stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform, Trade } from '../platform/index.ts';
import {
  deliverEscrow,
  escrowCommand,
  eventually,
  fundEscrow,
  newTrade,
  startTestPlatform,
} from '../platform/index.ts';

const DAY_MS = 24 * 3_600_000;
/** Stripe holds a request open longer than the payments service waits for its answer. */
const STRIPE_TIMEOUT_MS = 1_000;
const HELD_OPEN_MS = 2_500;

/**
 * Money never moves twice, whatever Stripe's answers do (ADR 0014): a request still in progress,
 * an answer lost, an idempotency key Stripe has forgotten. Each case ends with the provider's own
 * record: one transfer or one refund, and the escrow settled once.
 */
describe('settling an escrow safely against Stripe', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({
      stripeTimeoutMs: STRIPE_TIMEOUT_MS,
      // Long enough to outlast a request Stripe still works on.
      retry: { initialMs: 100, maxMs: 1_000, maxAttempts: 8 },
    });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  }, 60_000);
  afterEach(async () => {
    await platform.stripe.control.clearFaults();
  });

  const kinds = (trade: Trade, topic: TopicDefinition) =>
    platform.recorder.kindsOf(topic, trade.escrowId);
  const count = (trade: Trade, topic: TopicDefinition, kind: string) =>
    kinds(trade, topic).filter((each) => each === kind).length;
  const send = (trade: Trade, ...rest: DropFirst<Parameters<typeof escrowCommand>>) =>
    platform.publish(TOPICS.escrowCommands, escrowCommand(trade, ...rest));
  const releaseBy = (trade: Trade) =>
    send(trade, 'releaseFunds', 'buyer', { reason: ReleaseReason.BUYER_CONFIRMED });
  const refundBy = (trade: Trade) =>
    send(trade, 'refundEscrow', 'moderator', {
      reason: RefundReason.CANCELLED_AFTER_FUNDING,
      note: 'the seller cannot deliver',
    });

  async function stripeObjectsOf(trade: Trade) {
    const objects = await platform.stripe.control.objects();
    return {
      transfers: objects.transfers.filter((t) => t.metadata.escrow_id === trade.escrowId),
      refunds: objects.refunds.filter((r) => r.metadata?.escrow_id === trade.escrowId),
    };
  }

  /** Waits for one of `states`; whatever the platform reports, the escrow ends in one of them. */
  const settledInto = (trade: Trade, states: readonly EscrowStatus[]) =>
    eventually(
      () => platform.escrowStatus(trade.escrowId),
      (status) => status !== undefined && states.includes(status),
      `escrow ${trade.escrowId} to be one of ${states.join(', ')}`,
    );

  /** Lets a request Stripe held open finish, so a second payment would show at the double. */
  const letHeldRequestsFinish = () => new Promise((resolve) => setTimeout(resolve, HELD_OPEN_MS));

  it('pays the seller once when a timed-out transfer is still in progress at Stripe', async () => {
    const trade = newTrade();
    await deliverEscrow(platform, trade);
    await platform.stripe.control.injectFault({
      method: 'POST',
      path: '/v1/transfers',
      delayMs: HELD_OPEN_MS,
    });

    await releaseBy(trade);
    // A buyer whose release came back (the escrow DELIVERED again) would confirm once more.
    if ((await settledInto(trade, ['RELEASED', 'DELIVERED'])) === 'DELIVERED') {
      await releaseBy(trade);
    }
    await platform.waitForStatus(trade.escrowId, 'RELEASED');
    await letHeldRequestsFinish();

    const calls = await platform.stripe.control.calls();
    expect(calls.some((call) => call.path === '/v1/transfers' && call.status === 409)).toBe(true);
    expect((await stripeObjectsOf(trade)).transfers).toHaveLength(1);
    expect(count(trade, TOPICS.paymentEvents, 'transferSucceeded')).toBe(1);
    expect(kinds(trade, TOPICS.paymentEvents)).not.toContain('transferFailed');
    expect(count(trade, TOPICS.escrowEvents, 'escrowReleased')).toBe(1);
    expect((await ledgerBalances(platform.db, trade.escrowId)).ESCROW_HOLDING).toBe(0n);
  });

  it('refunds the buyer once when a timed-out refund is still in progress at Stripe', async () => {
    const trade = newTrade();
    await fundEscrow(platform, trade);
    await platform.stripe.control.injectFault({
      method: 'POST',
      path: '/v1/refunds',
      delayMs: HELD_OPEN_MS,
    });

    await refundBy(trade);
    if ((await settledInto(trade, ['REFUNDED', 'FUNDS_HELD'])) === 'FUNDS_HELD') {
      await refundBy(trade);
    }
    await platform.waitForStatus(trade.escrowId, 'REFUNDED');
    await letHeldRequestsFinish();

    expect((await stripeObjectsOf(trade)).refunds).toHaveLength(1);
    expect(count(trade, TOPICS.paymentEvents, 'refundSucceeded')).toBe(1);
    expect(kinds(trade, TOPICS.paymentEvents)).not.toContain('refundFailed');
    expect(count(trade, TOPICS.escrowEvents, 'escrowRefunded')).toBe(1);
  });

  it('pays once when a dead-lettered release is replayed after Stripe forgot its key', async () => {
    const trade = newTrade();
    await deliverEscrow(platform, trade);
    const { control } = platform.stripe;
    // The first look-up passes; the transfer happens but its answer is lost; then Stripe is down
    // for every further call until the release is dead-lettered.
    await control.injectFault({ method: 'GET', path: '/v1/transfers', times: 1 });
    await control.injectFault({
      method: 'POST',
      path: '/v1/transfers',
      failure: apiError(),
      takesEffect: true,
    });
    await control.injectFault({ path: '/v1/transfers', failure: apiError(), times: 1_000 });

    await releaseBy(trade);
    const [letter] = await eventually(
      () => listDeadLetters(platform.db, { topic: TOPICS.paymentCommands.name }),
      (letters) => letters.some((each) => each.key === trade.escrowId),
      'the release to be dead-lettered',
    ).then((letters) => letters.filter((each) => each.key === trade.escrowId));
    expect((await stripeObjectsOf(trade)).transfers).toHaveLength(1);
    await control.clearFaults();
    // Days later, past the 24 hours Stripe keeps an idempotency key, an operator replays it.
    platform.clock.advanceBy(3 * DAY_MS);
    await replayDeadLetter(platform.db, platform.bus, letter?.id ?? '');

    await platform.waitForStatus(trade.escrowId, 'RELEASED');
    expect((await stripeObjectsOf(trade)).transfers).toHaveLength(1);
    expect(count(trade, TOPICS.paymentEvents, 'transferSucceeded')).toBe(1);
  });

  it('releases at once while the card funds are still pending, naming the charge', async () => {
    const trade = newTrade();
    const paymentIntentId = await fundEscrow(platform, trade);
    await send(trade, 'markDelivered', 'seller', { note: 'keys sent' });
    await platform.waitForStatus(trade.escrowId, 'DELIVERED');

    await releaseBy(trade);
    await platform.waitForStatus(trade.escrowId, 'RELEASED');

    const intent = await stripeClientFor(platform.stripe).paymentIntents.retrieve(paymentIntentId);
    const [transfer] = (await stripeObjectsOf(trade)).transfers;
    expect(transfer?.source_transaction).toBe(intent.latest_charge);
    const balance = await stripeClientFor(platform.stripe).balance.retrieve();
    const pendingUsd = balance.pending.find((each) => each.currency === 'usd')?.amount ?? 0;
    expect(pendingUsd).toBeGreaterThanOrEqual(Number((trade.amountMinor * 500n) / 10_000n));
  });

  it('tells the escrow and the seller for good when the payout account does not exist', async () => {
    const trade = newTrade();
    await deliverEscrow(platform, trade);
    await platform.stripe.control.injectFault({
      method: 'POST',
      path: '/v1/transfers',
      failure: noSuchDestination('acct_closedlongago'),
      times: 10,
    });

    await releaseBy(trade);
    await eventually(
      async () => kinds(trade, TOPICS.escrowEvents),
      (seen) => seen.includes('escrowSettlementFailed'),
      'the release to fail',
    );

    expect(await platform.escrowStatus(trade.escrowId)).toBe('DELIVERED');
    const failed = platform.recorder
      .of(TOPICS.paymentEvents, trade.escrowId)
      .find((each) => each.kind === 'transferFailed');
    expect(failed?.message).toMatchObject({ failureCode: 'PAYOUT_ACCOUNT_INVALID' });
    const settlementFailed = platform.recorder
      .of(TOPICS.escrowEvents, trade.escrowId)
      .find((each) => each.kind === 'escrowSettlementFailed');
    expect(settlementFailed?.message).toMatchObject({ failureCode: 'PAYOUT_ACCOUNT_INVALID' });
    const posts = (await platform.stripe.control.calls()).filter(
      (call) =>
        call.method === 'POST' &&
        call.path === '/v1/transfers' &&
        JSON.stringify(call.params).includes(trade.escrowId),
    );
    // Final: asked once, not retried as if Stripe were down.
    expect(posts.map((call) => call.errorCode)).toEqual(['resource_missing']);
    expect((await stripeObjectsOf(trade)).transfers).toEqual([]);
  });
});

type DropFirst<T extends readonly unknown[]> = T extends readonly [unknown, ...infer Rest]
  ? Rest
  : never;

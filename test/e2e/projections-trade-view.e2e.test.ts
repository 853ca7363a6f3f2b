import { ReleaseReason, TOPICS } from '@bloxtr8/contracts';
import { newId } from '@bloxtr8/platform';
import type { EscrowDetails, ProjectionsService } from '@bloxtr8/projections';
import { getCommandStatus, getEscrowView, listUserTrades } from '@bloxtr8/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../platform/index.ts';
import {
  escrowCommand,
  eventually,
  newTrade,
  openEscrow,
  startTestPlatform,
} from '../platform/index.ts';

describe('the projections of a real trade on the embedded bus', () => {
  let platform: TestPlatform;
  let projections: ProjectionsService;

  beforeAll(async () => {
    platform = await startTestPlatform({ projections: true });
    if (platform.projections === undefined) throw new Error('projections did not start');
    projections = platform.projections;
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  const viewOf = (escrowId: string) => () => getEscrowView(platform.db, escrowId);

  it('shows a funded → delivered → released trade, its timeline, and what became of each command', async () => {
    const trade = newTrade();
    const paymentIntentId = await openEscrow(platform, trade);
    const awaiting = await eventually(
      viewOf(trade.escrowId),
      (details) => details?.view.providerPaymentId != null && details.view.state === 'AWAIT_FUNDS',
      'the payment intent',
    );
    expect(awaiting?.view).toMatchObject({
      amountMinor: trade.amountMinor,
      currency: 'USD',
      rail: 'STRIPE',
      buyerId: trade.buyerId,
      sellerId: trade.sellerId,
      providerPaymentId: paymentIntentId,
    });

    await platform.stripe.control.succeedPaymentIntent(paymentIntentId);
    await platform.waitForStatus(trade.escrowId, 'FUNDS_HELD');
    await platform.publish(
      TOPICS.escrowCommands,
      escrowCommand(trade, 'markDelivered', 'seller', { note: 'keys sent' }),
    );
    await platform.waitForStatus(trade.escrowId, 'DELIVERED');
    const refusedId = newId();
    const releaseId = newId();
    const release = { reason: ReleaseReason.BUYER_CONFIRMED };
    await platform.publish(
      TOPICS.escrowCommands,
      escrowCommand(trade, 'releaseFunds', 'seller', release, refusedId),
    );
    await platform.publish(
      TOPICS.escrowCommands,
      escrowCommand(trade, 'releaseFunds', 'buyer', release, releaseId),
    );
    await platform.waitForStatus(trade.escrowId, 'RELEASED');

    const released = (await eventually(
      viewOf(trade.escrowId),
      (details) => details?.view.state === 'RELEASED' && details.timeline.length === 10,
      'the released view',
    )) as EscrowDetails;
    const feeMinor = (trade.amountMinor * 500n) / 10_000n;
    expect(released.view).toMatchObject({
      state: 'RELEASED',
      feeMinor,
      payoutMinor: trade.amountMinor - feeMinor,
      closedReason: 'BUYER_CONFIRMED',
      eventsApplied: 9,
    });
    expect(released.view.providerTransferId).toMatch(/^tr_/);
    expect(released.timeline.map((entry) => entry.eventType)).toEqual([
      'EscrowCreated',
      'EscrowAwaitFunds',
      'PaymentIntentCreated',
      'PaymentSucceeded',
      'EscrowFundsHeld',
      'EscrowDelivered',
      'EscrowCommandRejected',
      'EscrowSettlementStarted',
      'TransferSucceeded',
      'EscrowReleased',
    ]);
    expect(released.timeline.find((entry) => entry.eventType === 'EscrowDelivered')?.actorId).toBe(
      trade.sellerId,
    );
    expect(
      JSON.stringify(released.timeline, (_key, value) =>
        typeof value === 'bigint' ? `${value}` : value,
      ),
    ).not.toMatch(/secret/i);

    expect(await getCommandStatus(platform.db, releaseId)).toMatchObject({
      status: 'APPLIED',
      commandType: 'ReleaseFunds',
      escrowId: trade.escrowId,
    });
    expect(await getCommandStatus(platform.db, refusedId)).toMatchObject({
      status: 'REJECTED',
      commandType: 'ReleaseFunds',
      reasonCode: 'ACTOR_NOT_BUYER',
    });
    const trades = await listUserTrades(platform.db, trade.buyerId);
    expect(
      trades.ok && trades.value.items.map((item) => [item.escrowId, item.role, item.state]),
    ).toEqual([[trade.escrowId, 'BUYER', 'RELEASED']]);
    const lag = await eventually(
      () => projections.lag(),
      (groups) => groups.every((group) => group.messagesBehind === 0),
      'the projections to catch up',
    );
    expect(
      lag.find((group) => group.topic === 'escrow.events.v1')?.messagesProjected,
    ).toBeGreaterThanOrEqual(7);
  });
});

import { DisputeOutcome, RefundReason, ReleaseReason, TOPICS } from '@bloxtr8/contracts';
import { findPayoutDestination } from '@bloxtr8/identity';
import { ledgerBalances } from '@bloxtr8/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform, TestPlatformOptions, Trade } from '../platform/index.ts';
import {
  deliverEscrow,
  disputeEscrow,
  escrowCommand,
  fundEscrow,
  newTrade,
  openEscrow,
  startTestPlatform,
} from '../platform/index.ts';

const HOUR_MS = 3_600_000;
const FEE_BPS = 500n;

/**
 * Every way an escrow can end (issue: escrow and payments core), each checked on the topics, in
 * the escrow's final state, in the ledger, and in what Stripe (the double) actually did.
 */
export function describeEscrowLifecycles(
  busName: string,
  options: () => TestPlatformOptions,
): void {
  describe(`escrow lifecycles on the ${busName} bus`, () => {
    let platform: TestPlatform;
    beforeAll(async () => {
      platform = await startTestPlatform(options());
    }, 120_000);
    afterAll(async () => {
      await platform?.stop();
    }, 60_000);

    const escrowKinds = (trade: Trade) =>
      platform.recorder.kindsOf(TOPICS.escrowEvents, trade.escrowId);
    const paymentKinds = (trade: Trade) =>
      platform.recorder.kindsOf(TOPICS.paymentEvents, trade.escrowId);

    async function stripeRecord(trade: Trade, paymentIntentId: string) {
      const objects = await platform.stripe.control.objects();
      return {
        charges: objects.charges.filter((charge) => charge.payment_intent === paymentIntentId)
          .length,
        transfers: objects.transfers.filter((t) => t.metadata.escrow_id === trade.escrowId),
        refunds: objects.refunds.filter((refund) => refund.payment_intent === paymentIntentId),
      };
    }

    async function eventually(
      assertion: () => void | Promise<void>,
      timeoutMs = 20_000,
    ): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          await assertion();
          return;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
    }

    const send = (
      trade: Trade,
      ...args: Parameters<typeof escrowCommand> extends [Trade, ...infer Rest] ? Rest : never
    ) => platform.publish(TOPICS.escrowCommands, escrowCommand(trade, ...args));

    const fee = (trade: Trade) => (trade.amountMinor * FEE_BPS) / 10_000n;

    it('funded → delivered → released: one charge, one transfer of the amount less the fee', async () => {
      const trade = newTrade();
      const paymentIntentId = await deliverEscrow(platform, trade).then(
        () =>
          platform.recorder.of(TOPICS.paymentEvents, trade.escrowId)[0]?.message
            .providerPaymentId as string,
      );
      await send(trade, 'releaseFunds', 'buyer', { reason: ReleaseReason.BUYER_CONFIRMED });
      await platform.waitForStatus(trade.escrowId, 'RELEASED');
      await eventually(() =>
        expect(escrowKinds(trade)).toEqual([
          'escrowCreated',
          'escrowAwaitFunds',
          'escrowFundsHeld',
          'escrowDelivered',
          'escrowSettlementStarted',
          'escrowReleased',
        ]),
      );
      expect(paymentKinds(trade)).toEqual([
        'paymentIntentCreated',
        'paymentSucceeded',
        'transferSucceeded',
      ]);
      expect(platform.recorder.kindsOf(TOPICS.paymentCommands, trade.escrowId)).toEqual([
        'createPaymentIntent',
        'transferToSeller',
      ]);
      const stripe = await stripeRecord(trade, paymentIntentId);
      expect(stripe.charges).toBe(1);
      const intent = (await platform.stripe.control.objects()).paymentIntents.find(
        (each) => each.id === paymentIntentId,
      );
      // Paid to the account the seller onboarded, from the buyer's still-pending card funds.
      expect(stripe.transfers.map((t) => [t.amount, t.destination, t.source_transaction])).toEqual([
        [
          Number(trade.amountMinor - fee(trade)),
          await findPayoutDestination(platform.db, trade.sellerId, 'STRIPE'),
          intent?.latest_charge,
        ],
      ]);
      expect(stripe.refunds).toEqual([]);
      expect(await ledgerBalances(platform.db, trade.escrowId)).toEqual({
        BUYER: -trade.amountMinor,
        ESCROW_HOLDING: 0n,
        SELLER: trade.amountMinor - fee(trade),
        PLATFORM_FEE: fee(trade),
      });
    });

    it('funded → refunded by a moderator: one refund of the whole amount', async () => {
      const trade = newTrade();
      const paymentIntentId = await fundEscrow(platform, trade);
      await send(trade, 'refundEscrow', 'moderator', {
        reason: RefundReason.CANCELLED_AFTER_FUNDING,
        note: 'both agreed',
      });
      await platform.waitForStatus(trade.escrowId, 'REFUNDED');
      await eventually(() =>
        expect(escrowKinds(trade).slice(-2)).toEqual(['escrowSettlementStarted', 'escrowRefunded']),
      );
      expect(paymentKinds(trade)).toEqual([
        'paymentIntentCreated',
        'paymentSucceeded',
        'refundSucceeded',
      ]);
      const stripe = await stripeRecord(trade, paymentIntentId);
      expect(stripe.transfers).toEqual([]);
      expect(stripe.refunds.map((refund) => refund.amount)).toEqual([Number(trade.amountMinor)]);
      expect(await ledgerBalances(platform.db, trade.escrowId)).toEqual({
        BUYER: 0n,
        ESCROW_HOLDING: 0n,
        SELLER: 0n,
        PLATFORM_FEE: 0n,
      });
    });

    it('dispute → release: the moderator pays the seller', async () => {
      const trade = newTrade();
      await disputeEscrow(platform, trade);
      await send(trade, 'resolveDispute', 'moderator', {
        outcome: DisputeOutcome.RELEASE,
        note: 'delivered as promised',
      });
      await platform.waitForStatus(trade.escrowId, 'RELEASED');
      const { rows } = await platform.db.query<{ status: string; outcome: string }>(
        'select status, outcome from escrow.disputes where escrow_id = $1',
        [trade.escrowId],
      );
      expect(rows).toEqual([{ status: 'RESOLVED', outcome: 'RELEASE' }]);
      expect((await ledgerBalances(platform.db, trade.escrowId)).ESCROW_HOLDING).toBe(0n);
      expect((await ledgerBalances(platform.db, trade.escrowId)).SELLER).toBe(
        trade.amountMinor - fee(trade),
      );
    });

    it('dispute → refund: the moderator returns the money to the buyer', async () => {
      const trade = newTrade();
      await disputeEscrow(platform, trade);
      await send(trade, 'resolveDispute', 'moderator', {
        outcome: DisputeOutcome.REFUND,
        note: 'not delivered',
      });
      await platform.waitForStatus(trade.escrowId, 'REFUNDED');
      expect(await ledgerBalances(platform.db, trade.escrowId)).toEqual({
        BUYER: 0n,
        ESCROW_HOLDING: 0n,
        SELLER: 0n,
        PLATFORM_FEE: 0n,
      });
    });

    it('unpaid → cancelled by the 72 h timeout: the payment intent is cancelled too', async () => {
      const trade = newTrade();
      const paymentIntentId = await openEscrow(platform, trade);
      platform.clock.advanceBy(71 * HOUR_MS);
      await platform.escrow.sweeper.sweepOnce();
      expect(await platform.escrowStatus(trade.escrowId)).toBe('AWAIT_FUNDS');
      platform.clock.advanceBy(HOUR_MS);
      const report = await platform.escrow.sweeper.sweepOnce();
      expect(report.funding).toBeGreaterThanOrEqual(1);
      await platform.waitForStatus(trade.escrowId, 'CANCELLED');
      await eventually(async () => {
        const intent = (await platform.stripe.control.objects()).paymentIntents.find(
          (pi) => pi.id === paymentIntentId,
        );
        expect(intent?.status).toBe('canceled');
      });
      expect(platform.recorder.kindsOf(TOPICS.paymentCommands, trade.escrowId)).toEqual([
        'createPaymentIntent',
        'cancelPayment',
      ]);
      expect((await stripeRecord(trade, paymentIntentId)).charges).toBe(0);
    });

    it('delivered → auto-released after 7 days without a dispute', async () => {
      const trade = newTrade();
      await deliverEscrow(platform, trade);
      platform.clock.advanceBy(7 * 24 * HOUR_MS + 1000);
      const report = await platform.escrow.sweeper.sweepOnce();
      expect(report['auto-release']).toBeGreaterThanOrEqual(1);
      await platform.waitForStatus(trade.escrowId, 'RELEASED');
      const started = platform.recorder
        .of(TOPICS.escrowEvents, trade.escrowId)
        .find((message) => message.kind === 'escrowSettlementStarted');
      expect(started?.message.releaseReason).toBe(ReleaseReason.AUTO_RELEASE);
      expect((await ledgerBalances(platform.db, trade.escrowId)).ESCROW_HOLDING).toBe(0n);
    });
  });
}

import type { TopicDefinition } from '@bloxtr8/contracts';
import { DisputeReason, ReleaseReason, TOPICS } from '@bloxtr8/contracts';
import { ledgerBalances } from '@bloxtr8/payments';
import { newId } from '@bloxtr8/platform';
import { balanceInsufficient } from '@bloxtr8/sandbox/stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform, TestPlatformOptions, Trade } from '../platform/index.ts';
import {
  deliverEscrow,
  escrowCommand,
  fundEscrow,
  newTrade,
  openEscrow,
} from '../platform/index.ts';
import { startTestPlatform } from '../platform/start-test-platform.ts';

/**
 * The hostile cases of the escrow and payments core: duplicates, reordering, forgery, races,
 * failures and crashes. In every case: no double transfer, no lost payment, a consistent state.
 */
export function describeHostileEscrowCases(
  busName: string,
  options: () => TestPlatformOptions,
): void {
  describe(`escrow and payments under hostile conditions on the ${busName} bus`, () => {
    let platform: TestPlatform;
    beforeAll(async () => {
      platform = await startTestPlatform(options());
    }, 120_000);
    afterAll(async () => {
      await platform?.stop();
    }, 60_000);
    afterEach(async () => {
      await platform.stripe.control.clearFaults();
      await platform.stripe.control.releaseWebhooks();
    });

    const kinds = (trade: Trade, topic: TopicDefinition = TOPICS.escrowEvents) =>
      platform.recorder.kindsOf(topic, trade.escrowId);
    const count = (items: readonly string[], kind: string) =>
      items.filter((item) => item === kind).length;
    const send = (
      trade: Trade,
      kind: Parameters<typeof escrowCommand>[1],
      who: 'buyer' | 'seller' | 'moderator',
      fields = {},
      eventId = newId(),
    ) => platform.publish(TOPICS.escrowCommands, escrowCommand(trade, kind, who, fields, eventId));
    const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

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

    async function transfersOf(trade: Trade) {
      return (await platform.stripe.control.objects()).transfers.filter(
        (t) => t.metadata.escrow_id === trade.escrowId,
      );
    }

    async function succeededEventOf(paymentIntentId: string): Promise<string> {
      const events = await platform.stripe.control.events();
      const event = events.find(
        (e) =>
          e.type === 'payment_intent.succeeded' &&
          (e.data.object as { id?: string }).id === paymentIntentId,
      );
      if (event === undefined)
        throw new Error(`no payment_intent.succeeded for ${paymentIntentId}`);
      return event.id;
    }

    it('funds once when the same webhook arrives five more times, concurrently', async () => {
      const trade = newTrade();
      const paymentIntentId = await fundEscrow(platform, trade);
      const eventId = await succeededEventOf(paymentIntentId);
      const attempts = await platform.stripe.control.redeliverEvent(eventId, { times: 5 });
      expect(attempts.map((attempt) => attempt.status)).toEqual([200, 200, 200, 200, 200]);
      await settle();
      expect(count(kinds(trade, TOPICS.paymentEvents), 'paymentSucceeded')).toBe(1);
      expect(count(kinds(trade), 'escrowFundsHeld')).toBe(1);
      const { rows } = await platform.db.query<{ n: bigint }>(
        'select count(*) as n from payments.webhook_events where provider_event_id = $1',
        [eventId],
      );
      expect(rows[0]?.n).toBe(1n);
      expect(await ledgerBalances(platform.db, trade.escrowId)).toMatchObject({
        BUYER: -trade.amountMinor,
        ESCROW_HOLDING: trade.amountMinor,
      });
    });

    it('ends funded when a failure and the later success arrive in reverse order', async () => {
      const trade = newTrade();
      const paymentIntentId = await openEscrow(platform, trade);
      await platform.stripe.control.holdWebhooks();
      await platform.stripe.control.failPaymentIntent(paymentIntentId, {
        declineCode: 'insufficient_funds',
      });
      await platform.stripe.control.succeedPaymentIntent(paymentIntentId);
      await platform.stripe.control.releaseWebhooks({ order: 'reversed' });
      await platform.waitForStatus(trade.escrowId, 'FUNDS_HELD');
      await eventually(() => expect(kinds(trade, TOPICS.paymentEvents)).toContain('paymentFailed'));
      await settle();
      expect(await platform.escrowStatus(trade.escrowId)).toBe('FUNDS_HELD');
      expect(count(kinds(trade), 'escrowFundsHeld')).toBe(1);
    });

    it('rejects forged and stale signatures and changes nothing; the genuine delivery then funds', async () => {
      const trade = newTrade();
      const paymentIntentId = await openEscrow(platform, trade);
      await platform.stripe.control.holdWebhooks();
      await platform.stripe.control.succeedPaymentIntent(paymentIntentId);
      const eventId = await succeededEventOf(paymentIntentId);
      for (const forgery of [
        'wrong_secret',
        'stale_timestamp',
        'tampered_body',
        'missing_signature',
      ] as const) {
        const attempt = await platform.stripe.control.sendForgedEvent(eventId, { forgery });
        expect(attempt.status, forgery).toBe(400);
      }
      await settle();
      expect(await platform.escrowStatus(trade.escrowId)).toBe('AWAIT_FUNDS');
      const stored = await platform.db.query(
        'select 1 from payments.webhook_events where provider_event_id = $1',
        [eventId],
      );
      expect(stored.rows).toEqual([]);
      await platform.stripe.control.releaseWebhooks();
      await platform.waitForStatus(trade.escrowId, 'FUNDS_HELD');
    });

    it('applies a command once when it is sent twice, and refuses a second release', async () => {
      const trade = newTrade();
      await deliverEscrow(platform, trade);
      const commandId = newId();
      const release = { reason: ReleaseReason.BUYER_CONFIRMED };
      await send(trade, 'releaseFunds', 'buyer', release, commandId);
      await send(trade, 'releaseFunds', 'buyer', release, commandId);
      await platform.waitForStatus(trade.escrowId, 'RELEASED');
      await send(trade, 'releaseFunds', 'buyer', release);
      await eventually(() => expect(kinds(trade)).toContain('escrowCommandRejected'));
      expect(count(kinds(trade), 'escrowSettlementStarted')).toBe(1);
      expect(await transfersOf(trade)).toHaveLength(1);
      const rejected = platform.recorder
        .of(TOPICS.escrowEvents, trade.escrowId)
        .find((m) => m.kind === 'escrowCommandRejected');
      expect(rejected?.message.reasonCode).toBe('ESCROW_CLOSED');
    });

    it('lets exactly one of a racing release and dispute win, consistently', async () => {
      const outcomes: string[] = [];
      for (let round = 0; round < 4; round += 1) {
        const trade = newTrade();
        await deliverEscrow(platform, trade);
        await Promise.all([
          send(trade, 'releaseFunds', 'buyer', { reason: ReleaseReason.BUYER_CONFIRMED }),
          send(trade, 'raiseDispute', 'seller', {
            reason: DisputeReason.OTHER,
            detail: 'buyer vanished',
          }),
        ]);
        await eventually(() => expect(kinds(trade)).toContain('escrowCommandRejected'));
        const status = await platform.escrowStatus(trade.escrowId);
        if (status === 'RELEASE_PENDING') await platform.waitForStatus(trade.escrowId, 'RELEASED');
        const final = await platform.escrowStatus(trade.escrowId);
        outcomes.push(final ?? 'absent');
        expect(['RELEASED', 'DISPUTED']).toContain(final);
        expect(await transfersOf(trade)).toHaveLength(final === 'RELEASED' ? 1 : 0);
        expect(count(kinds(trade), 'escrowCommandRejected')).toBe(1);
        const holding = (await ledgerBalances(platform.db, trade.escrowId)).ESCROW_HOLDING;
        expect(holding).toBe(final === 'RELEASED' ? 0n : trade.amountMinor);
      }
      expect(outcomes).toHaveLength(4);
    });

    it('returns to DELIVERED when a transfer fails, and pays exactly once on the retry', async () => {
      const trade = newTrade();
      await deliverEscrow(platform, trade);
      await platform.stripe.control.injectFault({
        method: 'POST',
        path: '/v1/transfers',
        times: 1,
        failure: balanceInsufficient(),
      });
      await send(trade, 'releaseFunds', 'buyer', { reason: ReleaseReason.BUYER_CONFIRMED });
      await eventually(() => expect(kinds(trade)).toContain('escrowSettlementFailed'));
      expect(await platform.escrowStatus(trade.escrowId)).toBe('DELIVERED');
      expect(await transfersOf(trade)).toEqual([]);

      await send(trade, 'releaseFunds', 'buyer', { reason: ReleaseReason.BUYER_CONFIRMED });
      await platform.waitForStatus(trade.escrowId, 'RELEASED');
      expect(await transfersOf(trade)).toHaveLength(1);
      const attempts = platform.recorder
        .of(TOPICS.paymentCommands, trade.escrowId)
        .filter((message) => message.kind === 'transferToSeller')
        .map((message) => message.message.attempt);
      expect(attempts).toEqual([1, 2]);
      expect((await ledgerBalances(platform.db, trade.escrowId)).ESCROW_HOLDING).toBe(0n);
    });

    it('pays once when Stripe made the transfer but its answer was lost', async () => {
      const trade = newTrade();
      await deliverEscrow(platform, trade);
      await platform.stripe.control.injectFault({
        method: 'POST',
        path: '/v1/transfers',
        times: 1,
        failure: { status: 500, error: { type: 'api_error', message: 'connection reset' } },
        takesEffect: true,
      });
      await send(trade, 'releaseFunds', 'buyer', { reason: ReleaseReason.BUYER_CONFIRMED });
      await platform.waitForStatus(trade.escrowId, 'RELEASED');
      expect(await transfersOf(trade)).toHaveLength(1);
      expect(count(kinds(trade, TOPICS.paymentEvents), 'transferSucceeded')).toBe(1);
    });

    it('pays once when the payments service crashes between the transfer and its record', async () => {
      const trade = newTrade();
      await deliverEscrow(platform, trade);
      await platform.stripe.control.injectFault({
        method: 'POST',
        path: '/v1/transfers',
        times: 1,
        delayMs: 1_500,
        takesEffect: true,
      });
      await send(trade, 'releaseFunds', 'buyer', { reason: ReleaseReason.BUYER_CONFIRMED });
      await platform.waitForStatus(trade.escrowId, 'RELEASE_PENDING');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await platform.payments.kill();
      await eventually(async () => expect(await transfersOf(trade)).toHaveLength(1));
      // Stripe moved the money, but the crashed service recorded nothing of it.
      await settle();
      expect(await platform.escrowStatus(trade.escrowId)).toBe('RELEASE_PENDING');
      expect(kinds(trade, TOPICS.paymentEvents)).not.toContain('transferSucceeded');

      await platform.restartPayments();
      await platform.waitForStatus(trade.escrowId, 'RELEASED', 60_000);
      expect(await transfersOf(trade)).toHaveLength(1);
      expect(count(kinds(trade, TOPICS.paymentEvents), 'transferSucceeded')).toBe(1);
      expect(await ledgerBalances(platform.db, trade.escrowId)).toMatchObject({
        ESCROW_HOLDING: 0n,
        BUYER: -trade.amountMinor,
      });
    });
  });
}

import { randomUUID } from 'node:crypto';
import { decodeEnvelope, TOPICS } from '@bloxtr8/contracts';
import { availableTestEngines, useTestDatabase } from '@bloxtr8/db/testing';
import { ManualClock } from '@bloxtr8/platform';
import { describe, expect, it } from 'vitest';
import { saveStripeIntent } from '../store/stripe-details.ts';
import { paymentSucceededEvent, receiveSigned } from '../testing/stripe-deliveries.ts';

describe.each(availableTestEngines())('receiving a Stripe webhook on %s', (engine) => {
  const database = useTestDatabase(engine);
  const clock = new ManualClock(new Date('2026-05-04T10:00:00Z'));

  /** The validated events the receiver put in the payments outbox for `paymentIntentId`. */
  async function forwarded(paymentIntentId: string) {
    const { rows } = await database().db.query<{ payload: Uint8Array }>(
      'select payload from payments.outbox where topic = $1 and message_key = $2',
      [TOPICS.webhookEvents.name, paymentIntentId],
    );
    return rows.map((row) => {
      const decoded = decodeEnvelope(TOPICS.webhookEvents, row.payload);
      const event = decoded.ok ? decoded.value.envelope.event : undefined;
      if (event?.case !== 'stripeWebhookValidated') throw new Error('not a Stripe webhook');
      return event.value;
    });
  }

  it("forwards a payment under the trade's correlation id, with the charge that paid it", async () => {
    const escrowId = randomUUID();
    const paymentIntentId = `pi_${randomUUID().slice(0, 8)}`;
    await saveStripeIntent(database().db, {
      escrowId,
      buyerId: randomUUID(),
      sellerId: randomUUID(),
      correlationId: `contract-${escrowId}`,
      amountMinor: 25_000n,
      paymentIntentId,
      transferGroup: `escrow_${escrowId}`,
      clientSecret: `${paymentIntentId}_secret_x`,
    });
    const event = paymentSucceededEvent({
      escrowId,
      paymentIntentId,
      chargeId: 'ch_paid',
      amount: 25_000,
      at: clock.now(),
    });

    const received = await receiveSigned(database().db, clock, event);

    expect(received).toMatchObject({ ok: true, value: { forwarded: true, duplicate: false } });
    const [validated] = await forwarded(paymentIntentId);
    expect(validated?.meta?.correlationId).toBe(`contract-${escrowId}`);
    expect(validated).toMatchObject({ escrowId, providerChargeId: 'ch_paid' });
  });
});

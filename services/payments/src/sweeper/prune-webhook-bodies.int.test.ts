import { randomUUID } from 'node:crypto';
import { availableTestEngines, useTestDatabase } from '@bloxtr8/db/testing';
import { ManualClock } from '@bloxtr8/platform';
import { describe, expect, it } from 'vitest';
import { paymentSucceededEvent, receiveSigned } from '../testing/stripe-deliveries.ts';
import { pruneOldWebhookBodies, WEBHOOK_BODY_RETENTION_MS } from './prune-webhook-bodies.ts';

const DAY_MS = 24 * 3_600_000;

describe.each(availableTestEngines())('pruning raw webhook bodies on %s', (engine) => {
  const database = useTestDatabase(engine);
  const clock = new ManualClock(new Date('2026-01-10T08:00:00Z'));
  const deliver = (event: Record<string, unknown>) => receiveSigned(database().db, clock, event);

  const eventNow = () =>
    paymentSucceededEvent({
      escrowId: randomUUID(),
      paymentIntentId: `pi_${randomUUID().slice(0, 8)}`,
      chargeId: 'ch_x',
      amount: 1_000,
      at: clock.now(),
    });

  async function stored(eventId: unknown) {
    const id = String(eventId);
    const { rows } = await database().db.query<{
      raw_body: string | null;
      event_type: string;
      raw_body_pruned_at: Date | null;
    }>(
      `select raw_body, event_type, raw_body_pruned_at from payments.webhook_events
       where provider_event_id = $1`,
      [id],
    );
    return rows[0];
  }

  it('clears bodies older than the webhook retention in small batches, keeping the rows', async () => {
    expect(WEBHOOK_BODY_RETENTION_MS).toBe(90 * DAY_MS);
    const old = [eventNow(), eventNow(), eventNow()];
    for (const event of old) await deliver(event);
    clock.advanceBy(30 * DAY_MS);
    const recent = eventNow();
    await deliver(recent);
    clock.advanceBy(60 * DAY_MS + 60_000);

    const pruned = await pruneOldWebhookBodies(database().db, clock, 2);

    expect(pruned).toBe(3);
    for (const event of old) {
      expect(await stored(event.id)).toEqual({
        raw_body: null,
        event_type: 'payment_intent.succeeded',
        raw_body_pruned_at: clock.now(),
      });
    }
    expect((await stored(recent.id))?.raw_body).toBe(JSON.stringify(recent));
    expect(await pruneOldWebhookBodies(database().db, clock, 2)).toBe(0);
  });

  it('still recognises a late redelivery of an event whose body was pruned', async () => {
    const event = eventNow();
    await deliver(event);
    clock.advanceBy(WEBHOOK_BODY_RETENTION_MS + 60_000);
    await pruneOldWebhookBodies(database().db, clock, 10);

    const again = await deliver(event);

    expect(again).toMatchObject({ ok: true, value: { duplicate: true, forwarded: false } });
    expect((await stored(event.id))?.raw_body).toBeNull();
  });
});

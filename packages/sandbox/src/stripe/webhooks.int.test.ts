import { Stripe } from 'stripe';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecordingWebhookReceiver, StripeDouble } from './index.ts';
import { startRecordingWebhookReceiver, startStripeDouble, stripeClientFor } from './index.ts';

const SECRET = 'whsec_bloxtr8_test_secret';

let double: StripeDouble;
let stripe: Stripe;
let receiver: RecordingWebhookReceiver;

beforeAll(async () => {
  double = await startStripeDouble({
    webhookRetry: { attemptsMax: 4, initialDelayMs: 10, maxDelayMs: 40 },
  });
  stripe = stripeClientFor(double);
});
afterAll(() => double.close());
beforeEach(async () => {
  await double.control.reset();
  receiver = await startRecordingWebhookReceiver(SECRET);
  await double.control.setWebhookEndpoint({ url: receiver.url, secret: SECRET });
});
afterEach(() => receiver.close());

function createIntent() {
  return stripe.paymentIntents.create(
    { amount: 7_500, currency: 'usd', metadata: { escrow_id: 'esc_w' } },
    { idempotencyKey: 'esc_w:create' },
  );
}

async function eventOfType(type: string) {
  const event = (await double.control.events()).find((each) => each.type === type);
  if (event === undefined) throw new Error(`no ${type} event`);
  return event;
}

describe('webhooks signed with Stripe’s scheme', () => {
  it('delivers payment_intent.succeeded, verified by the SDK’s constructEvent', async () => {
    const intent = await createIntent();
    await receiver.waitFor(1);

    await double.control.succeedPaymentIntent(intent.id);
    await receiver.waitFor(3);

    const verified = receiver.received.map((each) => each.event);
    expect(verified.every((event) => event !== null)).toBe(true);
    const succeeded = verified.find((event) => event?.type === 'payment_intent.succeeded');
    expect(succeeded).toMatchObject({
      object: 'event',
      livemode: false,
      pending_webhooks: 1,
      api_version: Stripe.API_VERSION,
      request: { id: null, idempotency_key: null },
      data: { object: { id: intent.id, status: 'succeeded', amount_received: 7_500 } },
    });
    expect(succeeded?.id).toMatch(/^evt_/);
    const created = verified.find((event) => event?.type === 'payment_intent.created');
    expect(created?.request).toEqual({
      id: intent.lastResponse.requestId,
      idempotency_key: 'esc_w:create',
    });
  });

  it('signs exactly as the SDK’s generateTestHeaderString does', async () => {
    await createIntent();
    const [delivery] = await receiver.waitFor(1);
    const timestamp = Number(/t=(\d+)/.exec(delivery?.signature ?? '')?.[1]);

    const expected = Stripe.webhooks.generateTestHeaderString({
      payload: delivery?.rawBody ?? '',
      secret: SECRET,
      timestamp,
    });

    expect(delivery?.signature).toBe(expected);
  });

  it('retries a delivery the receiver refused until it is accepted', async () => {
    receiver.respondWith([500, 503]);

    await createIntent();
    await receiver.waitFor(3);
    await double.control.flushWebhooks();

    const attempts = await double.control.deliveries();
    expect(attempts.map((attempt) => [attempt.kind, attempt.attempt, attempt.status])).toEqual([
      ['delivery', 1, 500],
      ['retry', 2, 503],
      ['retry', 3, 200],
    ]);
    expect((await eventOfType('payment_intent.created')).pending_webhooks).toBe(0);
  });

  it('gives up after the configured number of attempts', async () => {
    receiver.respondWith([500, 500, 500, 500, 500]);

    await createIntent();
    await double.control.flushWebhooks();

    expect(receiver.received).toHaveLength(4);
    expect((await eventOfType('payment_intent.created')).pending_webhooks).toBe(1);
  });
});

describe('hostile deliveries', () => {
  it('redelivers one event several times at once', async () => {
    await createIntent();
    await receiver.waitFor(1);
    const event = await eventOfType('payment_intent.created');

    const attempts = await double.control.redeliverEvent(event.id, { times: 5 });

    expect(attempts.map((attempt) => attempt.status)).toEqual([200, 200, 200, 200, 200]);
    const ids = receiver.received.map((each) => each.event?.id);
    expect(ids).toEqual(Array.from({ length: 6 }, () => event.id));
  });

  it('holds events back and releases them in reverse order', async () => {
    await double.control.holdWebhooks();
    const intent = await createIntent();
    await double.control.succeedPaymentIntent(intent.id);
    expect(receiver.received).toHaveLength(0);

    await double.control.releaseWebhooks({ order: 'reversed' });

    const types = receiver.received.map((each) => each.event?.type);
    expect(types).toEqual([
      'payment_intent.succeeded',
      'charge.succeeded',
      'payment_intent.created',
    ]);
  });

  it('delivers chosen events in exactly the order given', async () => {
    await double.control.holdWebhooks();
    const intent = await createIntent();
    await double.control.succeedPaymentIntent(intent.id);
    const events = await double.control.events();
    const order = [events[1]?.id ?? '', events[2]?.id ?? '', events[0]?.id ?? ''];

    await double.control.deliverEvents(order);

    expect(receiver.received.map((each) => each.event?.id)).toEqual(order);
  });

  it.each([
    ['wrong_secret', 'No signatures found matching the expected signature'],
    ['tampered_body', 'No signatures found matching the expected signature'],
    ['stale_timestamp', 'Timestamp outside the tolerance zone'],
    ['missing_signature', 'No stripe-signature header value was provided'],
  ] as const)('sends a %s forgery that constructEvent rejects', async (forgery, reason) => {
    await createIntent();
    await receiver.waitFor(1);
    const event = await eventOfType('payment_intent.created');

    const attempt = await double.control.sendForgedEvent(event.id, { forgery });

    expect(attempt).toMatchObject({ kind: 'forged', forgery, status: 400 });
    const forged = receiver.received[1];
    expect(forged?.event).toBeNull();
    expect(forged?.verificationError).toContain(reason);
  });

  it('sends a stale event whose signature is otherwise genuine', async () => {
    await createIntent();
    await receiver.waitFor(1);
    const event = await eventOfType('payment_intent.created');

    await double.control.sendForgedEvent(event.id, { forgery: 'stale_timestamp', ageSeconds: 600 });

    const stale = receiver.received[1];
    const timestamp = Number(/t=(\d+)/.exec(stale?.signature ?? '')?.[1]);
    expect(Math.floor(Date.now() / 1000) - timestamp).toBeGreaterThanOrEqual(600);
    const withoutTolerance = Stripe.webhooks.constructEvent(
      stale?.rawBody ?? '',
      stale?.signature ?? '',
      SECRET,
      0,
    );
    expect(withoutTolerance.id).toBe(event.id);
  });
});

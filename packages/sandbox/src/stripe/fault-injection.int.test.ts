import { Stripe } from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StripeDouble } from './index.ts';
import {
  apiError,
  balanceInsufficient,
  cardDeclined,
  rateLimited,
  startStripeDouble,
  stripeClientFor,
} from './index.ts';

let double: StripeDouble;
let stripe: Stripe;

beforeAll(async () => {
  // Funds available at once: these tests are about faults, not about when card money settles.
  double = await startStripeDouble({ fundsPendingSeconds: 0 });
  stripe = stripeClientFor(double);
});
afterAll(() => double.close());
beforeEach(() => double.control.reset());

const params = { amount: 5_000, currency: 'usd', metadata: { escrow_id: 'esc_f' } };

async function fundedSeller(): Promise<string> {
  const intent = await stripe.paymentIntents.create(params);
  await double.control.succeedPaymentIntent(intent.id);
  return (await double.control.registerAccount()).id;
}

describe('injected failures', () => {
  it('fails the next call with a transient 500, and the SDK’s retry then succeeds', async () => {
    await double.control.injectFault({ path: '/v1/payment_intents', failure: apiError() });
    const retrying = stripeClientFor(double, { maxNetworkRetries: 1 });

    const intent = await retrying.paymentIntents.create(params, { idempotencyKey: 'esc_f:create' });

    const calls = await double.control.calls();
    expect(calls.map((call) => call.status)).toEqual([500, 200]);
    expect(calls.every((call) => call.idempotencyKey === 'esc_f:create')).toBe(true);
    expect(calls[0]?.faultId).not.toBeNull();
    expect((await double.control.objects()).paymentIntents.map((each) => each.id)).toEqual([
      intent.id,
    ]);
  });

  it('answers 429 rate limits for as many calls as told, then recovers', async () => {
    await double.control.injectFault({
      path: '/v1/payment_intents/*',
      failure: rateLimited(),
      times: 2,
    });

    const first = await stripe.paymentIntents.retrieve('pi_a').catch((caught) => caught);
    const second = await stripe.paymentIntents.retrieve('pi_a').catch((caught) => caught);
    const third = await stripe.paymentIntents.retrieve('pi_a').catch((caught) => caught);

    expect(first).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(second).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(third).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('fails a transfer permanently with balance_insufficient however often it is retried', async () => {
    const destination = await fundedSeller();
    await double.control.injectFault({
      path: '/v1/transfers',
      failure: { ...balanceInsufficient(), shouldRetry: false },
      times: 3,
    });
    const retrying = stripeClientFor(double, { maxNetworkRetries: 2 });

    const error = await retrying.transfers
      .create({ amount: 100, currency: 'usd', destination })
      .catch((caught) => caught);

    expect(error).toMatchObject({ code: 'balance_insufficient' });
    expect(
      (await double.control.calls()).filter((call) => call.path === '/v1/transfers'),
    ).toHaveLength(1);
  });

  it('loses the response of a transfer that happened, and the same key then finds it', async () => {
    const destination = await fundedSeller();
    await double.control.injectFault({
      path: '/v1/transfers',
      failure: apiError(),
      takesEffect: true,
    });
    const release = { amount: 4_000, currency: 'usd', destination };

    const lost = await stripe.transfers
      .create(release, { idempotencyKey: 'esc_f:release' })
      .catch((caught) => caught);
    const retried = await stripe.transfers.create(release, { idempotencyKey: 'esc_f:release' });

    expect(lost).toBeInstanceOf(Stripe.errors.StripeAPIError);
    const { transfers } = await double.control.objects();
    expect(transfers.map((transfer) => transfer.id)).toEqual([retried.id]);
    expect(await double.control.balance()).toEqual({ usd: 1_000 });
  });

  it('makes the transfer and then drops the connection, and the same key then finds it', async () => {
    const destination = await fundedSeller();
    await double.control.injectFault({
      method: 'POST',
      path: '/v1/transfers',
      takesEffect: true,
      resetConnection: true,
      // The SDK retries a closed connection once by itself, whatever maxNetworkRetries says.
      times: 2,
    });
    const release = { amount: 4_000, currency: 'usd', destination };

    const reset = await stripe.transfers
      .create(release, { idempotencyKey: 'esc_f:reset' })
      .catch((caught) => caught);
    const made = (await double.control.objects()).transfers;
    const retried = await stripe.transfers.create(release, { idempotencyKey: 'esc_f:reset' });

    expect(reset).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(made.map((transfer) => transfer.id)).toEqual([retried.id]);
    expect(retried.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await double.control.calls()).map((call) => call.status)).toEqual([200, 0, 0, 200]);
  });

  it('makes the transfer at once and answers too late for the client', async () => {
    const destination = await fundedSeller();
    await double.control.injectFault({
      method: 'POST',
      path: '/v1/transfers',
      takesEffect: true,
      delayMs: 500,
    });
    const impatient = stripeClientFor(double, { timeout: 100 });

    const error = await impatient.transfers
      .create({ amount: 4_000, currency: 'usd', destination }, { idempotencyKey: 'esc_f:late' })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect((await double.control.objects()).transfers).toHaveLength(1);
  });

  it('answers slowly enough to trip the client’s timeout', async () => {
    await double.control.injectFault({ path: '/v1/payment_intents/:id', delayMs: 500 });
    const impatient = stripeClientFor(double, { timeout: 100 });

    const error = await impatient.paymentIntents.retrieve('pi_slow').catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
  });

  it('answers card errors with 402, which the SDK raises as StripeCardError', async () => {
    await double.control.injectFault({
      path: '/v1/payment_intents',
      failure: cardDeclined('lost_card'),
    });

    const error = await stripe.paymentIntents.create(params).catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ decline_code: 'lost_card' });
  });
});

import { Stripe } from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StripeDouble } from './index.ts';
import { startStripeDouble, stripeClientFor } from './index.ts';

let double: StripeDouble;
let stripe: Stripe;

beforeAll(async () => {
  double = await startStripeDouble();
  stripe = stripeClientFor(double);
});
afterAll(() => double.close());
beforeEach(() => double.control.reset());

const params = { amount: 5_000, currency: 'usd', metadata: { escrow_id: 'esc_7' } };

describe('idempotency keys, exactly as Stripe honours them', () => {
  it('replays the saved response for the same key and parameters, creating nothing new', async () => {
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'esc_7:create' });
    const again = await stripe.paymentIntents.create(
      { metadata: { escrow_id: 'esc_7' }, currency: 'usd', amount: 5_000 },
      { idempotencyKey: 'esc_7:create' },
    );

    expect(again).toEqual(first);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(again.lastResponse.headers['original-request']).toBe(first.lastResponse.requestId);
    expect(again.lastResponse.requestId).not.toBe(first.lastResponse.requestId);
    expect((await double.control.objects()).paymentIntents).toHaveLength(1);
    const events = await double.control.events();
    expect(events.filter((event) => event.type === 'payment_intent.created')).toHaveLength(1);
  });

  it('answers an idempotency_error, raised as StripeIdempotencyError, for other parameters', async () => {
    await stripe.paymentIntents.create(params, { idempotencyKey: 'esc_7:create' });

    const error = await stripe.paymentIntents
      .create({ ...params, amount: 5_001 }, { idempotencyKey: 'esc_7:create' })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
    expect((await double.control.objects()).paymentIntents).toHaveLength(1);
  });

  it('refuses a key reused on another endpoint', async () => {
    const intent = await stripe.paymentIntents.create(params, { idempotencyKey: 'shared' });

    const error = await stripe.paymentIntents
      .cancel(intent.id, {}, { idempotencyKey: 'shared' })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe(
      'requires_payment_method',
    );
  });

  it('replays a saved failure too, without running the call again', async () => {
    const account = await double.control.registerAccount();
    const transfer = { amount: 1_000, currency: 'usd', destination: account.id };

    const first = await stripe.transfers
      .create(transfer, { idempotencyKey: 'release' })
      .catch((e) => e);
    await double.control.succeedPaymentIntent((await stripe.paymentIntents.create(params)).id);
    const replayed = await stripe.transfers
      .create(transfer, { idempotencyKey: 'release' })
      .catch((e) => e);

    expect(first).toMatchObject({ code: 'balance_insufficient' });
    expect(replayed).toMatchObject({ code: 'balance_insufficient' });
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect((await double.control.objects()).transfers).toHaveLength(0);
  });

  it('does not save a request refused on its parameters, so the caller can fix and retry', async () => {
    const refused = await stripe.paymentIntents
      .create({ ...params, amount: -1 }, { idempotencyKey: 'fixable' })
      .catch((caught) => caught);

    const fixed = await stripe.paymentIntents.create(params, { idempotencyKey: 'fixable' });

    expect(refused).toMatchObject({ code: 'parameter_invalid_integer' });
    expect(fixed.status).toBe('requires_payment_method');
  });

  it('scopes keys to the API key', async () => {
    const other = stripeClientFor(double, { apiKey: 'sk_test_another_platform' });

    const mine = await stripe.paymentIntents.create(params, { idempotencyKey: 'same-key' });
    const theirs = await other.paymentIntents.create(
      { ...params, amount: 9_999 },
      { idempotencyKey: 'same-key' },
    );

    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.amount).toBe(9_999);
  });

  it('answers 409 to a second request while the first with the same key is still running', async () => {
    await double.control.injectFault({ method: 'POST', path: '/v1/payment_intents', delayMs: 300 });

    const slow = stripe.paymentIntents.create(params, { idempotencyKey: 'racing' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const racing = await stripe.paymentIntents
      .create(params, { idempotencyKey: 'racing' })
      .catch((caught) => caught);
    const created = await slow;
    const afterwards = await stripe.paymentIntents.create(params, { idempotencyKey: 'racing' });

    expect(racing).toMatchObject({ statusCode: 409, rawType: 'idempotency_error' });
    expect(afterwards.id).toBe(created.id);
    expect((await double.control.objects()).paymentIntents).toHaveLength(1);
  });
});

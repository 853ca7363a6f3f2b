import { randomBytes } from 'node:crypto';
import { Stripe } from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StripeDouble } from './index.ts';
import { StripeDoubleControlError, startStripeDouble, stripeClientFor } from './index.ts';

let double: StripeDouble;
let stripe: Stripe;

beforeAll(async () => {
  double = await startStripeDouble();
  stripe = stripeClientFor(double);
});
afterAll(() => double.close());
beforeEach(() => double.control.reset());

function createIntent(params: Partial<Stripe.PaymentIntentCreateParams> = {}) {
  return stripe.paymentIntents.create({
    amount: 12_500,
    currency: 'usd',
    metadata: { escrow_id: 'esc_1' },
    transfer_group: 'escrow_esc_1',
    description: 'Escrow for a Roblox game',
    automatic_payment_methods: { enabled: true },
    ...params,
  });
}

describe('creating and reading PaymentIntents through the official SDK', () => {
  it('creates an intent awaiting payment, in Stripe’s shape', async () => {
    const intent = await createIntent();

    expect(intent).toMatchObject({
      object: 'payment_intent',
      amount: 12_500,
      amount_received: 0,
      currency: 'usd',
      status: 'requires_payment_method',
      livemode: false,
      metadata: { escrow_id: 'esc_1' },
      transfer_group: 'escrow_esc_1',
      automatic_payment_methods: { enabled: true },
      latest_charge: null,
    });
    expect(intent.id).toMatch(/^pi_[0-9A-Za-z]{24}$/);
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_[0-9A-Za-z]+$`));
    expect(Number.isInteger(intent.created)).toBe(true);
    expect(intent.lastResponse.requestId).toMatch(/^req_/);
  });

  it('retrieves the intent it created, and answers resource_missing for an unknown one', async () => {
    const intent = await createIntent();

    expect(await stripe.paymentIntents.retrieve(intent.id)).toEqual(
      expect.objectContaining({ id: intent.id, amount: 12_500 }),
    );
    const missing = await stripe.paymentIntents.retrieve('pi_unknown').catch((error) => error);
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'intent' });
  });

  it('refuses amounts that are not positive integers, or below the minimum charge', async () => {
    const fractional = await createIntent({ amount: 12.5 }).catch((error) => error);
    const negative = await createIntent({ amount: -100 }).catch((error) => error);
    const tooSmall = await createIntent({ amount: 49 }).catch((error) => error);

    expect(fractional).toMatchObject({
      statusCode: 400,
      code: 'parameter_invalid_integer',
      param: 'amount',
    });
    expect(negative).toMatchObject({
      statusCode: 400,
      code: 'parameter_invalid_integer',
      param: 'amount',
    });
    expect(tooSmall).toMatchObject({ statusCode: 400, code: 'amount_too_small' });
    expect((await double.control.objects()).paymentIntents).toHaveLength(0);
  });

  it('refuses parameters it does not know rather than ignoring them', async () => {
    const error = await createIntent({ confirm: true }).catch((caught) => caught);
    const unknown = await stripe.paymentIntents
      .create({ amount: 5000, currency: 'usd', setup_future_usage: 'off_session' })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(unknown).toMatchObject({ code: 'parameter_unknown', param: 'setup_future_usage' });
  });
});

describe('authentication', () => {
  it('answers 401 without a key, with a live key, or with a key it was not given', async () => {
    const live = stripeClientFor(double, { apiKey: `sk_live_${randomBytes(12).toString('hex')}` });
    const liveError = await live.paymentIntents.retrieve('pi_x').catch((error) => error);
    const bare = await fetch(`${double.url}/v1/payment_intents/pi_x`);
    const strict = await startStripeDouble({ apiKeys: ['sk_test_only_this_one'] });
    const otherKey = await stripeClientFor(strict)
      .paymentIntents.retrieve('pi_x')
      .catch((error) => error);
    await strict.close();

    expect(liveError).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(liveError.message).toContain('Invalid API Key provided: sk_live_');
    expect(liveError.message).not.toContain('abcdefghijkl');
    expect(bare.status).toBe(401);
    expect(bare.headers.get('request-id')).toMatch(/^req_/);
    expect(await bare.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(otherKey).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });
});

describe('paying and canceling', () => {
  it('moves an intent to succeeded with one captured charge when the buyer pays', async () => {
    const intent = await createIntent();

    await double.control.succeedPaymentIntent(intent.id);

    const paid = await stripe.paymentIntents.retrieve(intent.id);
    const { charges } = await double.control.objects();
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 12_500 });
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({
      id: paid.latest_charge,
      object: 'charge',
      status: 'succeeded',
      paid: true,
      amount_captured: 12_500,
      payment_intent: intent.id,
      metadata: { escrow_id: 'esc_1' },
    });
    expect(await double.control.balance()).toEqual({ usd: 12_500 });
  });

  it('lets the buyer pay another amount or currency than the intent asked for', async () => {
    const intent = await createIntent();

    await double.control.succeedPaymentIntent(intent.id, { amount: 100, currency: 'eur' });

    const paid = await stripe.paymentIntents.retrieve(intent.id);
    expect(paid).toMatchObject({ amount: 100, amount_received: 100, currency: 'eur' });
    expect(await double.control.balance()).toEqual({ eur: 100 });
  });

  it('records a decline and leaves the intent payable again', async () => {
    const intent = await createIntent();

    await double.control.failPaymentIntent(intent.id, { declineCode: 'insufficient_funds' });
    const declined = await stripe.paymentIntents.retrieve(intent.id);
    await double.control.succeedPaymentIntent(intent.id);

    expect(declined.status).toBe('requires_payment_method');
    expect(declined.last_payment_error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
    });
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
    expect(await double.control.balance()).toEqual({ usd: 12_500 });
  });

  it('cancels an unpaid intent, and refuses to cancel a succeeded one as Stripe does', async () => {
    const unpaid = await createIntent();
    const paid = await createIntent();
    await double.control.succeedPaymentIntent(paid.id);

    const canceled = await stripe.paymentIntents.cancel(unpaid.id, {
      cancellation_reason: 'abandoned',
    });
    const refused = await stripe.paymentIntents.cancel(paid.id).catch((error) => error);

    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect(refused.payment_intent).toMatchObject({ id: paid.id, status: 'succeeded' });
    await expect(double.control.succeedPaymentIntent(unpaid.id)).rejects.toBeInstanceOf(
      StripeDoubleControlError,
    );
  });
});

describe('search, as reconciliation uses it', () => {
  it('finds intents by escrow id in metadata, in Stripe’s search_result shape', async () => {
    const wanted = await createIntent({ metadata: { escrow_id: 'esc_wanted' } });
    await createIntent({ metadata: { escrow_id: 'esc_other' } });

    const result = await stripe.paymentIntents.search({
      query: "metadata['escrow_id']:'esc_wanted'",
    });

    expect(result).toMatchObject({
      object: 'search_result',
      has_more: false,
      next_page: null,
      url: '/v1/payment_intents/search',
    });
    expect(result.data.map((intent) => intent.id)).toEqual([wanted.id]);
  });

  it('combines clauses and pages through results newest first', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      ids.push((await createIntent({ metadata: { escrow_id: 'esc_many' } })).id);
    }
    await double.control.succeedPaymentIntent(ids[0] ?? '');
    const query = "metadata['escrow_id']:'esc_many' AND status:'requires_payment_method'";

    const first = await stripe.paymentIntents.search({ query, limit: 1 });
    const second = await stripe.paymentIntents.search({
      query,
      limit: 1,
      page: first.next_page ?? '',
    });

    expect(first.data.map((intent) => intent.id)).toEqual([ids[2]]);
    expect(first.has_more).toBe(true);
    expect(second.data.map((intent) => intent.id)).toEqual([ids[1]]);
    expect(second.has_more).toBe(false);
  });

  it('does not find an intent until the search index has caught up', async () => {
    await double.control.updateSettings({ searchIndexLagMs: 60_000 });
    await createIntent({ metadata: { escrow_id: 'esc_fresh' } });

    const result = await stripe.paymentIntents.search({
      query: "metadata['escrow_id']:'esc_fresh'",
    });

    expect(result.data).toEqual([]);
  });

  it('refuses a query it cannot parse', async () => {
    const error = await stripe.paymentIntents
      .search({ query: "customer:'cus_1'" })
      .catch((caught) => caught);

    expect(error).toMatchObject({ statusCode: 400, param: 'query' });
  });
});

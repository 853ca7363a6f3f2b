import { Stripe } from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectedAccount, StripeDouble } from './index.ts';
import { startStripeDouble, stripeClientFor } from './index.ts';

let double: StripeDouble;
let stripe: Stripe;
let seller: ConnectedAccount;

beforeAll(async () => {
  double = await startStripeDouble();
  stripe = stripeClientFor(double);
});
afterAll(() => double.close());
beforeEach(async () => {
  await double.control.reset();
  seller = await double.control.registerAccount({ id: 'acct_seller1' });
});

async function paidIntent(amount = 10_000): Promise<Stripe.PaymentIntent> {
  const intent = await stripe.paymentIntents.create({
    amount,
    currency: 'usd',
    metadata: { escrow_id: 'esc_9' },
    transfer_group: 'escrow_esc_9',
  });
  return double.control.succeedPaymentIntent(intent.id);
}

describe('releasing funds with Connect transfers', () => {
  it('transfers to a registered account and takes the money from the balance', async () => {
    const intent = await paidIntent();

    const transfer = await stripe.transfers.create({
      amount: 9_000,
      currency: 'usd',
      destination: seller.id,
      transfer_group: 'escrow_esc_9',
      source_transaction: String(intent.latest_charge),
      metadata: { escrow_id: 'esc_9' },
    });

    expect(transfer).toMatchObject({
      object: 'transfer',
      amount: 9_000,
      amount_reversed: 0,
      destination: 'acct_seller1',
      source_transaction: intent.latest_charge,
      reversed: false,
      livemode: false,
    });
    expect(transfer.id).toMatch(/^tr_/);
    expect(await stripe.transfers.retrieve(transfer.id)).toMatchObject({ id: transfer.id });
    expect(await double.control.balance()).toEqual({ usd: 1_000 });
  });

  it('refuses a destination that is not a known connected account', async () => {
    await paidIntent();

    const error = await stripe.transfers
      .create({ amount: 100, currency: 'usd', destination: 'acct_unknown' })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'destination',
    });
  });

  it('refuses an account that cannot receive transfers', async () => {
    await paidIntent();
    const restricted = await double.control.registerAccount({ transfersEnabled: false });

    const error = await stripe.transfers
      .create({ amount: 100, currency: 'usd', destination: restricted.id })
      .catch((caught) => caught);

    expect(error).toMatchObject({ code: 'insufficient_capabilities_for_transfer' });
  });

  it('refuses to transfer more than the available balance, per currency', async () => {
    await paidIntent(10_000);

    const tooMuch = await stripe.transfers
      .create({ amount: 10_001, currency: 'usd', destination: seller.id })
      .catch((caught) => caught);
    const otherCurrency = await stripe.transfers
      .create({ amount: 100, currency: 'eur', destination: seller.id })
      .catch((caught) => caught);

    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'balance_insufficient' });
    expect(otherCurrency).toMatchObject({ code: 'balance_insufficient' });
    expect((await double.control.objects()).transfers).toHaveLength(0);
  });

  it('gives the money back to the balance when a transfer is reversed', async () => {
    const intent = await paidIntent(10_000);
    const transfer = await stripe.transfers.create({
      amount: 10_000,
      currency: 'usd',
      destination: seller.id,
      source_transaction: String(intent.latest_charge),
    });

    const reversed = await double.control.reverseTransfer(transfer.id);

    expect(reversed).toMatchObject({ amount_reversed: 10_000, reversed: true });
    expect(reversed.reversals.data).toHaveLength(1);
    expect(await double.control.balance()).toEqual({ usd: 10_000 });
    const types = (await double.control.events()).map((event) => event.type);
    expect(types).toContain('transfer.reversed');
  });
});

describe('refunding buyers', () => {
  it('refunds what remains when no amount is given', async () => {
    const intent = await paidIntent(10_000);

    const refund = await stripe.refunds.create({
      payment_intent: intent.id,
      reason: 'requested_by_customer',
      metadata: { escrow_id: 'esc_9' },
    });

    expect(refund).toMatchObject({
      object: 'refund',
      amount: 10_000,
      currency: 'usd',
      status: 'succeeded',
      payment_intent: intent.id,
      charge: intent.latest_charge,
      reason: 'requested_by_customer',
    });
    expect(await stripe.refunds.retrieve(refund.id)).toMatchObject({ id: refund.id });
    const [charge] = (await double.control.objects()).charges;
    expect(charge).toMatchObject({ amount_refunded: 10_000, refunded: true });
    expect(await double.control.balance()).toEqual({ usd: 0 });
  });

  it('refunds in parts, then refuses to refund more than remains', async () => {
    const intent = await paidIntent(10_000);

    await stripe.refunds.create({ payment_intent: intent.id, amount: 4_000 });
    const over = await stripe.refunds
      .create({ payment_intent: intent.id, amount: 6_001 })
      .catch((caught) => caught);
    await stripe.refunds.create({ payment_intent: intent.id, amount: 6_000 });
    const again = await stripe.refunds
      .create({ payment_intent: intent.id })
      .catch((caught) => caught);

    expect(over).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(over).toMatchObject({ code: 'amount_too_large', param: 'amount' });
    expect(over.message).toBe(
      'Refund amount ($60.01) is greater than unrefunded amount on charge ($60.00)',
    );
    expect(again).toMatchObject({ code: 'charge_already_refunded' });
    expect((await double.control.objects()).refunds).toHaveLength(2);
  });

  it('refuses to refund an intent that was never paid', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 5_000, currency: 'usd' });

    const error = await stripe.refunds
      .create({ payment_intent: intent.id })
      .catch((caught) => caught);

    expect(error).toMatchObject({ statusCode: 400, param: 'payment_intent' });
  });

  it('returns the money to the balance when a refund fails later', async () => {
    const intent = await paidIntent(10_000);
    await double.control.updateSettings({ refundsStartPending: true });
    const refund = await stripe.refunds.create({ payment_intent: intent.id });

    const failed = await double.control.failRefund(refund.id, {
      failureReason: 'expired_or_canceled_card',
    });

    expect(refund.status).toBe('pending');
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
    expect(await double.control.balance()).toEqual({ usd: 10_000 });
    const types = (await double.control.events()).map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'refund.created',
        'charge.refunded',
        'refund.updated',
        'refund.failed',
      ]),
    );
  });
});

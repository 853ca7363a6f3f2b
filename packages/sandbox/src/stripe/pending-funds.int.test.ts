import { ManualClock } from '@bloxtr8/platform';
import type { Stripe } from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StripeDouble } from './index.ts';
import { startStripeDouble, stripeClientFor } from './index.ts';

const TWO_DAYS_MS = 2 * 24 * 3600 * 1000;

let clock: ManualClock;
let double: StripeDouble;
let stripe: Stripe;
let seller: string;

beforeAll(async () => {
  clock = new ManualClock(new Date('2026-03-02T12:00:00Z'));
  double = await startStripeDouble({ clock });
  stripe = stripeClientFor(double);
});
afterAll(() => double.close());
beforeEach(async () => {
  await double.control.reset();
  seller = (await double.control.registerAccount()).id;
});

async function paidCharge(amount: number): Promise<string> {
  const intent = await stripe.paymentIntents.create({ amount, currency: 'usd' });
  const paid = await double.control.succeedPaymentIntent(intent.id);
  return String(paid.latest_charge);
}

const transfer = (amount: number, sourceTransaction?: string) =>
  stripe.transfers
    .create({
      amount,
      currency: 'usd',
      destination: seller,
      ...(sourceTransaction === undefined ? {} : { source_transaction: sourceTransaction }),
    })
    .catch((caught: unknown) => caught);

describe('card funds pending until their available_on', () => {
  it('keeps a new charge pending for two days, then makes it available', async () => {
    await paidCharge(10_000);

    const pending = await stripe.balance.retrieve();
    clock.advanceBy(TWO_DAYS_MS);
    const settled = await stripe.balance.retrieve();

    expect(pending.available).toEqual([expect.objectContaining({ amount: 0, currency: 'usd' })]);
    expect(pending.pending).toEqual([expect.objectContaining({ amount: 10_000, currency: 'usd' })]);
    expect(settled.available).toEqual([expect.objectContaining({ amount: 10_000 })]);
    expect(settled.pending).toEqual([expect.objectContaining({ amount: 0 })]);
  });

  it('refuses a transfer without source_transaction beyond the available balance', async () => {
    await paidCharge(10_000);

    const early = await transfer(9_000);
    clock.advanceBy(TWO_DAYS_MS);
    const later = await transfer(9_000);

    expect(early).toMatchObject({ statusCode: 400, code: 'balance_insufficient' });
    expect(later).toMatchObject({ object: 'transfer', amount: 9_000, source_transaction: null });
  });

  it('transfers pending funds that name their charge, up to what the charge still holds', async () => {
    const charge = await paidCharge(10_000);

    const first = await transfer(9_500, charge);
    const tooMuch = await transfer(501, charge);
    const rest = await transfer(500, charge);

    expect(first).toMatchObject({ object: 'transfer', amount: 9_500, source_transaction: charge });
    expect(tooMuch).toMatchObject({ code: 'balance_insufficient' });
    expect(rest).toMatchObject({ object: 'transfer', amount: 500 });
    const balance = await stripe.balance.retrieve();
    expect(balance.pending).toEqual([expect.objectContaining({ amount: 0 })]);
  });

  it('follows the pending period the control API sets', async () => {
    await double.control.updateSettings({ fundsPendingSeconds: 0 });
    await paidCharge(2_000);

    expect(await transfer(2_000)).toMatchObject({ object: 'transfer', amount: 2_000 });
  });
});

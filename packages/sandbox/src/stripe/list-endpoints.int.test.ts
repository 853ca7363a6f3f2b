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

async function paidIntent(amount: number, escrowId: string): Promise<Stripe.PaymentIntent> {
  const intent = await stripe.paymentIntents.create({
    amount,
    currency: 'usd',
    metadata: { escrow_id: escrowId },
    transfer_group: `escrow_${escrowId}`,
  });
  return double.control.succeedPaymentIntent(intent.id);
}

async function transferFor(intent: Stripe.PaymentIntent, amount: number, destination: string) {
  return stripe.transfers.create({
    amount,
    currency: 'usd',
    destination,
    transfer_group: intent.transfer_group ?? '',
    source_transaction: String(intent.latest_charge),
    metadata: intent.metadata,
  });
}

describe('listing transfers', () => {
  it('lists a transfer group newest first in Stripe’s list shape, and nothing else', async () => {
    const seller = (await double.control.registerAccount()).id;
    const mine = await paidIntent(10_000, 'e1');
    const other = await paidIntent(10_000, 'e2');
    const first = await transferFor(mine, 3_000, seller);
    await transferFor(other, 3_000, seller);
    const second = await transferFor(mine, 4_000, seller);

    const listed = await stripe.transfers.list({ transfer_group: 'escrow_e1' });

    expect(listed).toMatchObject({ object: 'list', has_more: false, url: '/v1/transfers' });
    expect(listed.data.map((transfer) => transfer.id)).toEqual([second.id, first.id]);
    expect(listed.data[0]).toEqual(await stripe.transfers.retrieve(second.id));
  });

  it('pages with limit, starting_after and ending_before', async () => {
    const seller = (await double.control.registerAccount()).id;
    const intent = await paidIntent(10_000, 'e3');
    const ids: string[] = [];
    for (const amount of [100, 200, 300]) ids.push((await transferFor(intent, amount, seller)).id);
    const [oldest, middle, newest] = ids;

    const page = await stripe.transfers.list({ transfer_group: 'escrow_e3', limit: 2 });
    const next = await stripe.transfers.list({
      transfer_group: 'escrow_e3',
      limit: 2,
      starting_after: middle ?? '',
    });
    const back = await stripe.transfers.list({ limit: 2, ending_before: oldest ?? '' });

    expect(page.data.map((transfer) => transfer.id)).toEqual([newest, middle]);
    expect(page.has_more).toBe(true);
    expect(next.data.map((transfer) => transfer.id)).toEqual([oldest]);
    expect(next.has_more).toBe(false);
    expect(back.data.map((transfer) => transfer.id)).toEqual([newest, middle]);
  });

  it('refuses unmodelled filters and an unknown cursor', async () => {
    const unknownFilter = await stripe.transfers
      .list({ created: { gte: 1 } })
      .catch((caught) => caught);
    const unknownCursor = await stripe.transfers
      .list({ starting_after: 'tr_nope' })
      .catch((caught) => caught);

    expect(unknownFilter).toMatchObject({ code: 'parameter_unknown' });
    expect(unknownCursor).toMatchObject({ code: 'resource_missing', param: 'starting_after' });
  });
});

describe('listing refunds', () => {
  it('lists the refunds of one PaymentIntent, newest first', async () => {
    const intent = await paidIntent(10_000, 'e4');
    const other = await paidIntent(5_000, 'e5');
    const first = await stripe.refunds.create({ payment_intent: intent.id, amount: 1_000 });
    await stripe.refunds.create({ payment_intent: other.id });
    const second = await stripe.refunds.create({ payment_intent: intent.id, amount: 2_000 });

    const listed = await stripe.refunds.list({ payment_intent: intent.id });

    expect(listed).toMatchObject({ object: 'list', has_more: false, url: '/v1/refunds' });
    expect(listed.data.map((refund) => refund.id)).toEqual([second.id, first.id]);
  });

  it('answers resource_missing for a PaymentIntent that does not exist', async () => {
    const error = await stripe.refunds
      .list({ payment_intent: 'pi_missing' })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ code: 'resource_missing', param: 'payment_intent' });
  });
});

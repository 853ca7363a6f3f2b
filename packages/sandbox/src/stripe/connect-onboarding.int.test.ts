import { ManualClock } from '@bloxtr8/platform';
import type { Stripe } from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StripeDouble } from './index.ts';
import { startStripeDouble, stripeClientFor } from './index.ts';

let double: StripeDouble;
let stripe: Stripe;

beforeAll(async () => {
  // Funds available at once: a transfer here may only fail on its destination.
  double = await startStripeDouble({ fundsPendingSeconds: 0 });
  stripe = stripeClientFor(double);
});
afterAll(() => double.close());
beforeEach(() => double.control.reset());

const RETURN_URL = 'http://127.0.0.1:9/payouts/done';
const REFRESH_URL = 'http://127.0.0.1:9/payouts/again';

function onboardingLink(account: string): Promise<Stripe.AccountLink> {
  return stripe.accountLinks.create({
    account,
    type: 'account_onboarding',
    return_url: RETURN_URL,
    refresh_url: REFRESH_URL,
  });
}

/** Funds on the platform's balance, so that a transfer can only fail on its destination. */
async function fundPlatform(amount: number): Promise<void> {
  const intent = await stripe.paymentIntents.create({ amount, currency: 'usd' });
  await double.control.succeedPaymentIntent(intent.id);
}

describe('Connect onboarding on the Stripe double', () => {
  it('creates an Express account that starts restricted and is retrievable', async () => {
    const account = await stripe.accounts.create({
      type: 'express',
      capabilities: { transfers: { requested: true } },
      metadata: { user_id: 'u1' },
    });
    const retrieved = await stripe.accounts.retrieve(account.id);

    expect(account.id).toMatch(/^acct_/);
    expect(retrieved).toMatchObject({
      id: account.id,
      type: 'express',
      details_submitted: false,
      charges_enabled: false,
      payouts_enabled: false,
      metadata: { user_id: 'u1' },
      capabilities: { transfers: 'inactive' },
    });
  });

  it('creates one account for two creations with the same idempotency key', async () => {
    const params = { type: 'express' as const };
    const first = await stripe.accounts.create(params, { idempotencyKey: 'acct-u1' });
    const again = await stripe.accounts.create(params, { idempotencyKey: 'acct-u1' });

    expect(again.id).toBe(first.id);
    expect((await double.control.objects()).accounts).toHaveLength(1);
  });

  it('completes onboarding through the link and sends the browser to return_url', async () => {
    const account = await stripe.accounts.create({ type: 'express' });
    const link = await onboardingLink(account.id);

    const page = await fetch(link.url, { redirect: 'manual' });
    const reused = await fetch(link.url, { redirect: 'manual' });

    expect(link.url.startsWith(`${double.url}/__sandbox/onboarding/${account.id}?`)).toBe(true);
    expect(link.expires_at).toBeGreaterThan(link.created);
    expect([page.status, page.headers.get('location')]).toEqual([303, RETURN_URL]);
    expect(reused.status).toBe(404);
    expect(await stripe.accounts.retrieve(account.id)).toMatchObject({
      details_submitted: true,
      charges_enabled: true,
      payouts_enabled: true,
    });
  });

  it('does not onboard an account from its id alone or another account’s link', async () => {
    const account = await stripe.accounts.create({ type: 'express' });
    const other = await stripe.accounts.create({ type: 'express' });
    const link = new URL((await onboardingLink(other.id)).url);

    const bare = await fetch(`${double.url}/__sandbox/onboarding/${account.id}`);
    const borrowed = await fetch(`${double.url}/__sandbox/onboarding/${account.id}${link.search}`, {
      redirect: 'manual',
    });

    expect([bare.status, borrowed.status]).toEqual([404, 404]);
    expect((await stripe.accounts.retrieve(account.id)).details_submitted).toBe(false);
  });

  it('sends an expired link to refresh_url and leaves the account as it was', async () => {
    const clock = new ManualClock();
    const timed = await startStripeDouble({ clock });
    try {
      const client = stripeClientFor(timed);
      const account = await client.accounts.create({ type: 'express' });
      const link = await client.accountLinks.create({
        account: account.id,
        type: 'account_onboarding',
        return_url: RETURN_URL,
        refresh_url: REFRESH_URL,
      });
      clock.advanceBy((link.expires_at - link.created + 1) * 1000);

      const page = await fetch(link.url, { redirect: 'manual' });

      expect([page.status, page.headers.get('location')]).toEqual([303, REFRESH_URL]);
      expect((await client.accounts.retrieve(account.id)).details_submitted).toBe(false);
    } finally {
      await timed.close();
    }
  });

  it('refuses transfers to an account until it is onboarded, then accepts them', async () => {
    await fundPlatform(10_000);
    const account = await stripe.accounts.create({ type: 'express' });
    const transfer = () =>
      stripe.transfers.create({ amount: 1_000, currency: 'usd', destination: account.id });

    await expect(transfer()).rejects.toMatchObject({
      code: 'insufficient_capabilities_for_transfer',
    });
    const onboarded = await double.control.completeOnboarding(account.id);
    const paid = await transfer();

    expect(onboarded.payouts_enabled).toBe(true);
    expect(paid.destination).toBe(account.id);
  });

  it('refuses a link for an unknown account and a missing return_url', async () => {
    await expect(onboardingLink('acct_missing')).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'account',
    });
    const account = await stripe.accounts.create({ type: 'express' });
    await expect(
      stripe.accountLinks.create({
        account: account.id,
        type: 'account_onboarding',
        refresh_url: REFRESH_URL,
      }),
    ).rejects.toMatchObject({ code: 'parameter_missing', param: 'return_url' });
  });

  it('answers resource_missing for an unknown account and refuses other account types', async () => {
    await expect(stripe.accounts.retrieve('acct_nothere')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
    await expect(stripe.accounts.create({ type: 'standard' })).rejects.toMatchObject({
      statusCode: 400,
    });
  });
});

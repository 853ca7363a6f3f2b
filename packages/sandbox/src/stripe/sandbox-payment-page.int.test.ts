import type { Stripe } from 'stripe';
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

function pageUrl(intent: Stripe.PaymentIntent, secret = intent.client_secret ?? ''): string {
  return `${double.url}/__sandbox/pay/${intent.id}?client_secret=${encodeURIComponent(secret)}`;
}

describe('the sandbox payment page', () => {
  it('says plainly that no real money moves, and shows what is paid', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1_234_567,
      currency: 'usd',
      description: 'Game <b>"Obby"</b>',
    });

    const response = await fetch(pageUrl(intent));
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('SANDBOX — no real money');
    expect(html).toContain('$12,345.67');
    expect(html).toContain('Game &lt;b&gt;&quot;Obby&quot;&lt;/b&gt;');
    expect(html).not.toContain('<b>"Obby"</b>');
    expect(html).toContain('id="pay"');
    expect(html).toContain('id="decline"');
  });

  it('is not shown without the intent’s client secret', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 5_000, currency: 'usd' });

    const wrong = await fetch(pageUrl(intent, `${intent.id}_secret_wrong`));
    const missing = await fetch(`${double.url}/__sandbox/pay/${intent.id}`);

    expect(wrong.status).toBe(404);
    expect(missing.status).toBe(404);
  });

  it('pays through the control API with the client secret, as its Pay button does', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 5_000, currency: 'usd' });

    const forged = await fetch(`${double.url}/__control/payment_intents/${intent.id}/succeed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientSecret: 'pi_x_secret_guess' }),
    });
    await double.control.succeedPaymentIntent(intent.id, {
      clientSecret: intent.client_secret ?? '',
    });
    const paidPage = await (await fetch(pageUrl(intent))).text();

    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toBe('application/problem+json');
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
    expect(paidPage).not.toContain('id="pay"');
    expect(paidPage).toContain('succeeded');
  });
});

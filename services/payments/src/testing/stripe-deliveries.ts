import { randomBytes } from 'node:crypto';
import type { Database } from '@bloxtr8/db';
import type { Clock, Result } from '@bloxtr8/platform';
import { Secret } from '@bloxtr8/platform';
import { Stripe } from 'stripe';
import type { ReceivedWebhook } from '../handlers/receive-stripe-webhook.ts';
import { receiveStripeWebhook } from '../handlers/receive-stripe-webhook.ts';
import type { WebhookRejection } from '../rails/stripe/stripe.webhooks.ts';

/** The endpoint secret of test deliveries; made up per test process. */
const TEST_WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('hex')}`;

/** A webhook delivery as Stripe sends it: the exact body and its Stripe-Signature header. */
export interface StripeDelivery {
  readonly rawBody: Buffer;
  readonly signature: string;
}

/** Stripe's event of a PaymentIntent paid in full, as the API version we pin shapes it. */
export function paymentSucceededEvent(options: {
  readonly escrowId: string;
  readonly paymentIntentId: string;
  readonly chargeId: string;
  readonly amount: number;
  readonly at: Date;
}): Record<string, unknown> {
  return {
    id: `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: Math.floor(options.at.getTime() / 1000),
    type: 'payment_intent.succeeded',
    data: {
      object: {
        id: options.paymentIntentId,
        object: 'payment_intent',
        amount: options.amount,
        amount_received: options.amount,
        currency: 'usd',
        status: 'succeeded',
        latest_charge: options.chargeId,
        last_payment_error: null,
        metadata: { escrow_id: options.escrowId },
      },
    },
  };
}

/** Signs `event` with Stripe's real scheme (HMAC-SHA256 over "t.body"), as of `at`. */
export function signedDelivery(
  event: Record<string, unknown>,
  secret: string,
  at: Date,
): StripeDelivery {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    timestamp: Math.floor(at.getTime() / 1000),
  });
  return { rawBody: Buffer.from(payload, 'utf8'), signature };
}

/** `event` delivered now (on `clock`), signed and received as the gateway hands it over. */
export function receiveSigned(
  db: Database,
  clock: Clock,
  event: Record<string, unknown>,
): Promise<Result<ReceivedWebhook, WebhookRejection>> {
  const delivery = signedDelivery(event, TEST_WEBHOOK_SECRET, clock.now());
  return receiveStripeWebhook(
    { db, clock, signingSecret: new Secret(TEST_WEBHOOK_SECRET), toleranceSeconds: 300 },
    delivery.rawBody,
    delivery.signature,
  );
}

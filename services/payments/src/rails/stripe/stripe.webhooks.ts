import type { Result, Secret } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import { Stripe } from 'stripe';
import { fromStripeAmount, latestChargeOf } from './stripe.mapping.ts';

export interface WebhookRejection {
  readonly code: 'SIGNATURE_MISSING' | 'SIGNATURE_INVALID' | 'NOT_CONFIGURED';
  readonly message: string;
}

/**
 * Checks Stripe's signature over the exact raw body, including the timestamp tolerance that
 * refuses replays of old deliveries. Nothing about a webhook is trusted before this passes.
 */
export function verifyStripeWebhook(
  rawBody: Buffer,
  signatureHeader: string | undefined,
  secret: Secret,
  options: { readonly toleranceSeconds: number; readonly now: Date },
): Result<Stripe.Event, WebhookRejection> {
  if (signatureHeader === undefined || signatureHeader === '') {
    return err({ code: 'SIGNATURE_MISSING', message: 'the Stripe-Signature header is missing' });
  }
  try {
    return ok(
      Stripe.webhooks.constructEvent(
        rawBody,
        signatureHeader,
        secret.reveal(),
        options.toleranceSeconds,
        undefined,
        options.now.getTime(),
      ),
    );
  } catch (error) {
    return err({
      code: 'SIGNATURE_INVALID',
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

/** The parts of a Stripe event the payment flow acts on, whatever object it carries. */
export interface StripeEventFacts {
  readonly providerEventId: string;
  readonly eventType: string;
  readonly providerPaymentId: string;
  readonly providerObjectId: string;
  readonly escrowId: string;
  readonly amountMinor: bigint;
  /** Upper-case ISO code as Stripe reported it, e.g. USD. */
  readonly currency: string;
  readonly providerStatus: string;
  readonly failureCode: string;
  readonly failureMessage: string;
  readonly providerCreatedAt: Date;
  /** The charge that carried the money (a PaymentIntent's latest_charge); empty when none. */
  readonly providerChargeId: string;
}

/** Event types the payment flow acts on; others are acknowledged and kept, not forwarded. */
export const HANDLED_STRIPE_EVENTS = new Set([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'refund.updated',
  'refund.failed',
]);

export function factsOfStripeEvent(event: Stripe.Event): StripeEventFacts | undefined {
  if (!HANDLED_STRIPE_EVENTS.has(event.type)) return undefined;
  const base = {
    providerEventId: event.id,
    eventType: event.type,
    providerCreatedAt: new Date(event.created * 1000),
  };
  const object = event.data.object as unknown as { object: string };
  if (object.object === 'payment_intent') {
    const intent = object as unknown as Stripe.PaymentIntent;
    return {
      ...base,
      providerPaymentId: intent.id,
      providerObjectId: intent.id,
      escrowId: intent.metadata.escrow_id ?? '',
      // What was actually received, not what was asked: the two must match to fund an escrow.
      amountMinor: fromStripeAmount(
        intent.status === 'succeeded' ? intent.amount_received : intent.amount,
      ),
      currency: intent.currency.toUpperCase(),
      providerStatus: intent.status,
      failureCode: intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? '',
      failureMessage: intent.last_payment_error?.message ?? '',
      providerChargeId: latestChargeOf(intent),
    };
  }
  if (object.object === 'refund') {
    const refund = object as unknown as Stripe.Refund;
    const paymentIntent =
      typeof refund.payment_intent === 'string'
        ? refund.payment_intent
        : (refund.payment_intent?.id ?? '');
    return {
      ...base,
      providerPaymentId: paymentIntent,
      providerObjectId: refund.id,
      escrowId: refund.metadata?.escrow_id ?? '',
      amountMinor: fromStripeAmount(refund.amount),
      currency: refund.currency.toUpperCase(),
      providerStatus: refund.status ?? '',
      failureCode: refund.failure_reason ?? '',
      failureMessage: refund.failure_reason ?? '',
      providerChargeId:
        typeof refund.charge === 'string' ? refund.charge : (refund.charge?.id ?? ''),
    };
  }
  return undefined;
}

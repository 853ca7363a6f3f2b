import type { Stripe } from 'stripe';
import type { ApiCall, ApiOutcome, ApiRoute } from './api-route.ts';
import { failed, refused, succeeded } from './api-route.ts';
import { buildPaymentIntent } from './build-payment-intent.ts';
import type { DoubleContext } from './double-context.ts';
import { nowSeconds, publishEvent } from './double-context.ts';
import { readPaymentIntentInput } from './read-payment-intent-input.ts';
import { findUnknownParameter, readEnum } from './request-params.ts';
import { cannotCancelPaymentIntent, resourceMissing, storageFull } from './stripe-errors.ts';

/** The statuses from which Stripe lets a PaymentIntent be canceled. */
const CANCELABLE_STATUSES: readonly Stripe.PaymentIntent.Status[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];

const CANCELLATION_REASONS = [
  'duplicate',
  'fraudulent',
  'requested_by_customer',
  'abandoned',
] as const;

function createPaymentIntent(context: DoubleContext, call: ApiCall): ApiOutcome {
  const input = readPaymentIntentInput(call.params);
  if (!input.ok) return refused(input.error);
  if (context.store.isFull()) return refused(storageFull(context.store.objectsMax));
  const paymentIntent = buildPaymentIntent(input.value, nowSeconds(context));
  context.store.paymentIntents.set(paymentIntent.id, paymentIntent);
  context.store.searchableAtMs.set(
    paymentIntent.id,
    context.clock.now().getTime() + context.settings.searchIndexLagMs,
  );
  publishEvent(context, 'payment_intent.created', paymentIntent, call.origin);
  return succeeded(paymentIntent);
}

function retrievePaymentIntent(context: DoubleContext, call: ApiCall): ApiOutcome {
  const unknown = findUnknownParameter(call.params, ['client_secret']);
  if (unknown !== null) return refused(unknown);
  const id = call.pathParams.id ?? '';
  const paymentIntent = context.store.paymentIntents.get(id);
  return paymentIntent === undefined
    ? failed(resourceMissing('payment_intent', id, 'intent'))
    : succeeded(paymentIntent);
}

function cancelPaymentIntent(context: DoubleContext, call: ApiCall): ApiOutcome {
  const unknown = findUnknownParameter(call.params, ['cancellation_reason']);
  if (unknown !== null) return refused(unknown);
  const reason = readEnum(call.params, 'cancellation_reason', CANCELLATION_REASONS);
  if (!reason.ok) return refused(reason.error);
  const id = call.pathParams.id ?? '';
  const paymentIntent = context.store.paymentIntents.get(id);
  if (paymentIntent === undefined) return failed(resourceMissing('payment_intent', id, 'intent'));
  if (!CANCELABLE_STATUSES.includes(paymentIntent.status)) {
    return failed(cannotCancelPaymentIntent(structuredClone(paymentIntent), CANCELABLE_STATUSES));
  }
  paymentIntent.status = 'canceled';
  paymentIntent.canceled_at = nowSeconds(context);
  paymentIntent.cancellation_reason = reason.value;
  publishEvent(context, 'payment_intent.canceled', paymentIntent, call.origin);
  return succeeded(paymentIntent);
}

export const PAYMENT_INTENT_ROUTES: readonly ApiRoute[] = [
  { method: 'POST', pattern: '/v1/payment_intents', handle: createPaymentIntent },
  { method: 'GET', pattern: '/v1/payment_intents/:id', handle: retrievePaymentIntent },
  { method: 'POST', pattern: '/v1/payment_intents/:id/cancel', handle: cancelPaymentIntent },
];

import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { Stripe } from 'stripe';
import { buildCharge } from './build-charge.ts';
import type { DeclineCode } from './card-declines.ts';
import { describeDecline } from './card-declines.ts';
import type { ControlProblem } from './control-problem.ts';
import { controlProblem, notFound } from './control-problem.ts';
import type { DoubleContext } from './double-context.ts';
import { NO_REQUEST, nowSeconds, publishEvent } from './double-context.ts';
import { newStripeId } from './ids.ts';

/** The statuses in which a buyer can still pay: after a decline the intent is payable again. */
const PAYABLE_STATUSES: readonly Stripe.PaymentIntent.Status[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
];

export interface PaymentOptions {
  /**
   * Pay a different amount or currency than the intent asked for. On Stripe this happens when the
   * intent is updated (say, from the Dashboard) before the buyer pays; the platform must notice.
   */
  readonly amount?: number | undefined;
  readonly currency?: string | undefined;
  /** When given (the sandbox page gives it), it must be the intent's client secret. */
  readonly clientSecret?: string | undefined;
}

export interface DeclineOptions {
  readonly declineCode?: DeclineCode | undefined;
  readonly clientSecret?: string | undefined;
}

function findPayableIntent(
  context: DoubleContext,
  id: string,
  clientSecret: string | undefined,
): Result<Stripe.PaymentIntent, ControlProblem> {
  const paymentIntent = context.store.paymentIntents.get(id);
  if (paymentIntent === undefined) return err(notFound('payment_intent', id));
  if (clientSecret !== undefined && clientSecret !== paymentIntent.client_secret) {
    return err(controlProblem(403, 'CLIENT_SECRET_MISMATCH', 'the client secret does not match'));
  }
  if (!PAYABLE_STATUSES.includes(paymentIntent.status)) {
    const detail = `payment_intent '${id}' has status ${paymentIntent.status} and cannot be paid`;
    return err(controlProblem(409, 'UNEXPECTED_STATE', detail));
  }
  if (context.store.isFull()) {
    return err(controlProblem(507, 'STORAGE_FULL', 'the double is full; reset it'));
  }
  return ok(paymentIntent);
}

/** The buyer pays: a captured charge, the money in the balance, `payment_intent.succeeded`. */
export function succeedPaymentIntent(
  context: DoubleContext,
  id: string,
  options: PaymentOptions,
): Result<Stripe.PaymentIntent, ControlProblem> {
  const found = findPayableIntent(context, id, options.clientSecret);
  if (!found.ok) return found;
  const paymentIntent = found.value;
  const amount = options.amount ?? paymentIntent.amount;
  const currency = options.currency ?? paymentIntent.currency;
  const paymentMethodId = newStripeId('pm');
  paymentIntent.amount = amount;
  paymentIntent.currency = currency;
  const charge = buildCharge(
    { paymentIntent, amount, currency, paymentMethodId, decline: null },
    nowSeconds(context),
  );
  context.store.charges.set(charge.id, charge);
  context.store.fundsAvailableOn.set(
    charge.id,
    nowSeconds(context) + context.settings.fundsPendingSeconds,
  );
  paymentIntent.amount_received = amount;
  paymentIntent.last_payment_error = null;
  paymentIntent.latest_charge = charge.id;
  paymentIntent.payment_method = paymentMethodId;
  paymentIntent.status = 'succeeded';
  publishEvent(context, 'charge.succeeded', charge, NO_REQUEST);
  publishEvent(context, 'payment_intent.succeeded', paymentIntent, NO_REQUEST);
  return ok(paymentIntent);
}

/** The buyer's card is declined: a failed charge and `payment_intent.payment_failed`. */
export function failPaymentIntent(
  context: DoubleContext,
  id: string,
  options: DeclineOptions,
): Result<Stripe.PaymentIntent, ControlProblem> {
  const found = findPayableIntent(context, id, options.clientSecret);
  if (!found.ok) return found;
  const paymentIntent = found.value;
  const decline = describeDecline(options.declineCode ?? 'generic_decline');
  const { amount, currency } = paymentIntent;
  const paymentMethodId = newStripeId('pm');
  const charge = buildCharge(
    { paymentIntent, amount, currency, paymentMethodId, decline },
    nowSeconds(context),
  );
  context.store.charges.set(charge.id, charge);
  paymentIntent.latest_charge = charge.id;
  paymentIntent.payment_method = null;
  paymentIntent.status = 'requires_payment_method';
  paymentIntent.last_payment_error = {
    type: 'card_error',
    charge: charge.id,
    code: decline.code,
    decline_code: decline.declineCode,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replaceAll('_', '-')}`,
    message: decline.message,
  };
  publishEvent(context, 'charge.failed', charge, NO_REQUEST);
  publishEvent(context, 'payment_intent.payment_failed', paymentIntent, NO_REQUEST);
  return ok(paymentIntent);
}

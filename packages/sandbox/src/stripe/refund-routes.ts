import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { Stripe } from 'stripe';
import type { ApiCall, ApiOutcome, ApiRoute } from './api-route.ts';
import { failed, refused, succeeded } from './api-route.ts';
import { buildRefund } from './build-refund.ts';
import type { DoubleContext } from './double-context.ts';
import { nowSeconds, publishEvent } from './double-context.ts';
import type { FormFields } from './form-body.ts';
import type { Read } from './request-params.ts';
import {
  findUnknownParameter,
  readEnum,
  readInteger,
  readMetadata,
  readString,
} from './request-params.ts';
import type { StripeFailure } from './stripe-errors.ts';
import {
  chargeAlreadyRefunded,
  invalidParameter,
  missingOneOf,
  noSuccessfulCharge,
  refundTooLarge,
  resourceMissing,
  storageFull,
} from './stripe-errors.ts';

const CREATE_PARAMETERS = ['payment_intent', 'charge', 'amount', 'reason', 'metadata'] as const;
const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

interface RefundRequest {
  readonly target: { readonly kind: 'payment_intent' | 'charge'; readonly id: string };
  readonly amount: number | null;
  readonly reason: Stripe.Refund.Reason | null;
  readonly metadata: Record<string, string>;
}

function readRefundRequest(params: FormFields): Read<RefundRequest> {
  const unknown = findUnknownParameter(params, CREATE_PARAMETERS);
  if (unknown !== null) return err(unknown);
  const paymentIntent = readString(params, 'payment_intent');
  if (!paymentIntent.ok) return paymentIntent;
  const charge = readString(params, 'charge');
  if (!charge.ok) return charge;
  if (paymentIntent.value !== null && charge.value !== null) {
    return err(
      invalidParameter(
        'charge',
        'You can only specify one of these parameters: charge, payment_intent.',
      ),
    );
  }
  const target = chooseTarget(paymentIntent.value, charge.value);
  if (target === null) return err(missingOneOf(['payment_intent', 'charge']));
  const amount = readInteger(params, 'amount', 1);
  if (!amount.ok) return amount;
  const reason = readEnum(params, 'reason', REASONS);
  if (!reason.ok) return reason;
  const metadata = readMetadata(params);
  if (!metadata.ok) return metadata;
  return ok({ target, amount: amount.value, reason: reason.value, metadata: metadata.value });
}

function chooseTarget(
  paymentIntentId: string | null,
  chargeId: string | null,
): RefundRequest['target'] | null {
  if (paymentIntentId !== null) return { kind: 'payment_intent', id: paymentIntentId };
  if (chargeId !== null) return { kind: 'charge', id: chargeId };
  return null;
}

/** The succeeded charge a refund draws on, found through the PaymentIntent or given directly. */
function findRefundableCharge(
  context: DoubleContext,
  target: RefundRequest['target'],
): Result<Stripe.Charge, StripeFailure> {
  if (target.kind === 'charge') {
    const charge = context.store.charges.get(target.id);
    if (charge === undefined) return err(resourceMissing('charge', target.id, 'charge', 400));
    return charge.status === 'succeeded'
      ? ok(charge)
      : err(
          invalidParameter(
            'charge',
            `Charge ${charge.id} has not succeeded and cannot be refunded.`,
          ),
        );
  }
  const paymentIntent = context.store.paymentIntents.get(target.id);
  if (paymentIntent === undefined) {
    return err(resourceMissing('payment_intent', target.id, 'payment_intent', 400));
  }
  const latest = paymentIntent.latest_charge;
  const charge = typeof latest === 'string' ? context.store.charges.get(latest) : undefined;
  return charge?.status === 'succeeded' ? ok(charge) : err(noSuccessfulCharge(paymentIntent.id));
}

/** The amount to refund: what was asked, or all that remains; never more than remains. */
function decideRefundAmount(
  charge: Stripe.Charge,
  asked: number | null,
): Result<number, StripeFailure> {
  const remaining = charge.amount_captured - charge.amount_refunded;
  if (remaining <= 0) return err(chargeAlreadyRefunded(charge.id));
  const amount = asked ?? remaining;
  return amount > remaining
    ? err(refundTooLarge(amount, remaining, charge.amount_refunded > 0, charge.currency))
    : ok(amount);
}

function createRefund(context: DoubleContext, call: ApiCall): ApiOutcome {
  const request = readRefundRequest(call.params);
  if (!request.ok) return refused(request.error);
  if (context.store.isFull()) return refused(storageFull(context.store.objectsMax));
  const charge = findRefundableCharge(context, request.value.target);
  if (!charge.ok) return failed(charge.error);
  const amount = decideRefundAmount(charge.value, request.value.amount);
  if (!amount.ok) return failed(amount.error);
  const status = context.settings.refundsStartPending ? 'pending' : 'succeeded';
  const { reason, metadata } = request.value;
  const refund = buildRefund(
    { charge: charge.value, amount: amount.value, reason, metadata, status },
    nowSeconds(context),
  );
  context.store.refunds.set(refund.id, refund);
  charge.value.amount_refunded += amount.value;
  charge.value.refunded = charge.value.amount_refunded === charge.value.amount_captured;
  publishEvent(context, 'refund.created', refund, call.origin);
  publishEvent(context, 'charge.refunded', charge.value, call.origin);
  return succeeded(refund);
}

function retrieveRefund(context: DoubleContext, call: ApiCall): ApiOutcome {
  const unknown = findUnknownParameter(call.params, []);
  if (unknown !== null) return refused(unknown);
  const id = call.pathParams.id ?? '';
  const refund = context.store.refunds.get(id);
  return refund === undefined ? failed(resourceMissing('refund', id, 'id')) : succeeded(refund);
}

export const REFUND_ROUTES: readonly ApiRoute[] = [
  { method: 'POST', pattern: '/v1/refunds', handle: createRefund },
  { method: 'GET', pattern: '/v1/refunds/:id', handle: retrieveRefund },
];

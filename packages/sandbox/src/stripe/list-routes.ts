import type { Stripe } from 'stripe';
import type { ApiCall, ApiOutcome, ApiRoute } from './api-route.ts';
import { failed, refused, succeeded } from './api-route.ts';
import type { DoubleContext } from './double-context.ts';
import { listPage, PAGE_PARAMETERS } from './list-page.ts';
import { findUnknownParameter, readString } from './request-params.ts';
import { resourceMissing } from './stripe-errors.ts';

/**
 * `GET /v1/transfers?transfer_group=&destination=`: the platform's transfers, newest first, as
 * settlement looks up what it already paid for an escrow before paying.
 */
function listTransfers(context: DoubleContext, call: ApiCall): ApiOutcome {
  const unknown = findUnknownParameter(call.params, [
    ...PAGE_PARAMETERS,
    'transfer_group',
    'destination',
  ]);
  if (unknown !== null) return refused(unknown);
  const group = readString(call.params, 'transfer_group');
  if (!group.ok) return refused(group.error);
  const destination = readString(call.params, 'destination');
  if (!destination.ok) return refused(destination.error);
  const matching = [...context.store.transfers.values()].filter(
    (transfer) =>
      (group.value === null || transfer.transfer_group === group.value) &&
      (destination.value === null || transfer.destination === destination.value),
  );
  const page = listPage(matching, call.params, '/v1/transfers', 'transfer');
  return page.ok ? succeeded(page.value) : refused(page.error);
}

/**
 * `GET /v1/refunds?payment_intent=|charge=`: refunds newest first, as settlement looks up what it
 * already refunded of a payment before refunding. A filter naming no such object is an error.
 */
function listRefunds(context: DoubleContext, call: ApiCall): ApiOutcome {
  const unknown = findUnknownParameter(call.params, [
    ...PAGE_PARAMETERS,
    'payment_intent',
    'charge',
  ]);
  if (unknown !== null) return refused(unknown);
  const paymentIntent = readString(call.params, 'payment_intent');
  if (!paymentIntent.ok) return refused(paymentIntent.error);
  const charge = readString(call.params, 'charge');
  if (!charge.ok) return refused(charge.error);
  const { store } = context;
  if (paymentIntent.value !== null && !store.paymentIntents.has(paymentIntent.value)) {
    return failed(resourceMissing('payment_intent', paymentIntent.value, 'payment_intent', 400));
  }
  if (charge.value !== null && !store.charges.has(charge.value)) {
    return failed(resourceMissing('charge', charge.value, 'charge', 400));
  }
  const matching = [...store.refunds.values()].filter(
    (refund: Stripe.Refund) =>
      (paymentIntent.value === null || refund.payment_intent === paymentIntent.value) &&
      (charge.value === null || refund.charge === charge.value),
  );
  const page = listPage(matching, call.params, '/v1/refunds', 'refund');
  return page.ok ? succeeded(page.value) : refused(page.error);
}

export const LIST_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', pattern: '/v1/transfers', handle: listTransfers },
  { method: 'GET', pattern: '/v1/refunds', handle: listRefunds },
];

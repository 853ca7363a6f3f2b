import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { Stripe } from 'stripe';
import { buildTransferReversal } from './build-transfer.ts';
import type { ControlProblem } from './control-problem.ts';
import { controlProblem, notFound } from './control-problem.ts';
import type { DoubleContext } from './double-context.ts';
import { NO_REQUEST, nowSeconds, publishEvent } from './double-context.ts';
import { newStripeId } from './ids.ts';

/**
 * What happens to money after the API call that moved it: transfers reversed, refunds that fail
 * or settle later. Stripe does these on its own schedule; the control API does them on demand.
 */

/** Reverses all or part of a transfer: the money comes back to the platform's balance. */
export function reverseTransfer(
  context: DoubleContext,
  id: string,
  amount: number | undefined,
): Result<Stripe.Transfer, ControlProblem> {
  const transfer = context.store.transfers.get(id);
  if (transfer === undefined) return err(notFound('transfer', id));
  const remaining = transfer.amount - transfer.amount_reversed;
  const reversed = amount ?? remaining;
  if (reversed < 1 || reversed > remaining) {
    return err(controlProblem(409, 'UNEXPECTED_STATE', `only ${remaining} can still be reversed`));
  }
  const reversal = buildTransferReversal(transfer, reversed, nowSeconds(context));
  transfer.reversals.data.push(reversal);
  transfer.amount_reversed += reversed;
  transfer.reversed = transfer.amount_reversed === transfer.amount;
  publishEvent(context, 'transfer.reversed', transfer, NO_REQUEST);
  return ok(transfer);
}

/** Stripe's reasons for a refund that could not reach the card. */
export const REFUND_FAILURE_REASONS = [
  'lost_or_stolen_card',
  'expired_or_canceled_card',
  'charge_for_pending_refund_disputed',
  'insufficient_funds',
  'declined',
  'merchant_request',
  'unknown',
] as const;
export type RefundFailureReason = (typeof REFUND_FAILURE_REASONS)[number];

/** A refund fails after the fact: the money returns to the balance and the charge. */
export function failRefund(
  context: DoubleContext,
  id: string,
  reason: RefundFailureReason,
): Result<Stripe.Refund, ControlProblem> {
  const refund = context.store.refunds.get(id);
  if (refund === undefined) return err(notFound('refund', id));
  const previousStatus = refund.status;
  if (previousStatus !== 'pending' && previousStatus !== 'succeeded') {
    return err(controlProblem(409, 'UNEXPECTED_STATE', `refund '${id}' is ${previousStatus}`));
  }
  refund.status = 'failed';
  refund.failure_reason = reason;
  refund.failure_balance_transaction = newStripeId('txn');
  const charge =
    typeof refund.charge === 'string' ? context.store.charges.get(refund.charge) : undefined;
  if (charge !== undefined) {
    charge.amount_refunded -= refund.amount;
    charge.refunded = false;
  }
  publishRefundChange(context, refund, previousStatus);
  publishEvent(context, 'refund.failed', refund, NO_REQUEST);
  return ok(refund);
}

/** A pending refund completes. */
export function settleRefund(
  context: DoubleContext,
  id: string,
): Result<Stripe.Refund, ControlProblem> {
  const refund = context.store.refunds.get(id);
  if (refund === undefined) return err(notFound('refund', id));
  if (refund.status !== 'pending') {
    return err(controlProblem(409, 'UNEXPECTED_STATE', `refund '${id}' is ${refund.status}`));
  }
  refund.status = 'succeeded';
  publishRefundChange(context, refund, 'pending');
  return ok(refund);
}

function publishRefundChange(
  context: DoubleContext,
  refund: Stripe.Refund,
  previousStatus: string,
): void {
  const previous = { status: previousStatus };
  publishEvent(context, 'refund.updated', refund, NO_REQUEST, previous);
  publishEvent(context, 'charge.refund.updated', refund, NO_REQUEST, previous);
}

import type { Queryable } from '@bloxtr8/db';
import { ok } from '@bloxtr8/platform';
import type { PaymentRail, RailResult, StartedRefund } from '../rails/payment-rail.ts';
import { bookMovement, paymentLines, refundLines } from '../store/ledger.ts';
import { recordArtifact } from '../store/payment-artifacts.ts';
import type { StripeEscrowDetails } from '../store/stripe-details.ts';
import { answerOf, foundOf } from './payments-deps.ts';

/**
 * Why money arrived that no escrow may keep: the buyer paid an escrow that was cancelled just
 * before, or paid a different amount or currency than the terms. Either way it goes back to the
 * buyer, in full, and the ledger shows it in and out.
 */
export type UnwantedReason = 'late-payment' | 'mismatch';

export const unwantedRefundKey = (escrowId: string, reason: UnwantedReason) =>
  `${escrowId}:${reason}-refund`;

export interface ReceivedPayment {
  readonly providerPaymentId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
}

/**
 * Refunds an unwanted payment in full, adopting first the refund the provider already made for it
 * (ADR 0014's rule, here too): after an answer lost in an outage and a replay past the provider's
 * key window, a second request would be refused as already refunded and the payment would stay
 * booked as held although the buyer has their money back.
 */
export async function refundUnwantedPayment(
  rail: PaymentRail,
  details: StripeEscrowDetails,
  payment: ReceivedPayment,
  reason: UnwantedReason,
): Promise<RailResult<StartedRefund>> {
  const made = foundOf(
    await rail.findRefund({
      escrowId: details.escrowId,
      providerPaymentId: payment.providerPaymentId,
    }),
  );
  if (made !== undefined) return ok(made);
  return rail.refund({
    escrowId: details.escrowId,
    providerPaymentId: payment.providerPaymentId,
    amountMinor: payment.amountMinor,
    currency: 'USD',
    idempotencyKey: unwantedRefundKey(details.escrowId, reason),
  });
}

/** Books the unwanted payment in and its refund out. Throws while the provider is unavailable. */
export async function bookUnwantedPayment(
  tx: Queryable,
  details: StripeEscrowDetails,
  payment: ReceivedPayment,
  reason: UnwantedReason,
  refund: RailResult<StartedRefund>,
): Promise<{ refunded: boolean; refusal?: string }> {
  await bookMovement(tx, {
    escrowId: details.escrowId,
    movement: 'PAYMENT',
    currency: 'USD',
    providerRef: payment.providerPaymentId,
    lines: paymentLines(payment.amountMinor),
  });
  const answer = answerOf(refund);
  if ('refusal' in answer)
    return { refunded: false, refusal: `${answer.refusal.code}: ${answer.refusal.message}` };
  await recordArtifact(tx, {
    escrowId: details.escrowId,
    rail: 'STRIPE',
    kind: 'REFUND',
    providerId: answer.value.providerRefundId,
    amountMinor: payment.amountMinor,
    currency: 'USD',
    providerStatus: answer.value.status === 'SUCCEEDED' ? 'succeeded' : 'pending',
    idempotencyKey: unwantedRefundKey(details.escrowId, reason),
  });
  await bookMovement(tx, {
    escrowId: details.escrowId,
    movement: 'REFUND',
    currency: 'USD',
    providerRef: answer.value.providerRefundId,
    lines: refundLines(payment.amountMinor),
  });
  return { refunded: true };
}

import { PermanentError } from '@bloxtr8/bus';
import type { CancelPayment } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import type { Logger } from '@bloxtr8/platform';
import type {
  CancelOutcome,
  PaymentRail,
  RailResult,
  StartedRefund,
} from '../rails/payment-rail.ts';
import { recordArtifact } from '../store/payment-artifacts.ts';
import type { StripeEscrowDetails } from '../store/stripe-details.ts';
import { findStripeDetails, markCancelRequested } from '../store/stripe-details.ts';
import type { PaymentsDeps } from './payments-deps.ts';
import { answerOf, railFor } from './payments-deps.ts';
import { bookUnwantedPayment, refundUnwantedPayment } from './unwanted-payments.ts';

export const cancelKey = (escrowId: string) => `${escrowId}:cancel`;

export interface PreparedCancel {
  readonly details: StripeEscrowDetails | undefined;
  readonly outcome: RailResult<CancelOutcome>;
  /** Set when the buyer had already paid: the refund of that payment. */
  readonly lateRefund: RailResult<StartedRefund> | undefined;
  /** What the buyer actually paid, when they had: refunded and booked in full. */
  readonly receivedMinor: bigint;
}

/**
 * Cancels the buyer's payment of a cancelled escrow. The escrow does not know the provider's
 * payment id before funding, so it is looked up here. If the buyer paid in the meantime, the
 * payment is refunded at once.
 */
export async function prepareCancelPayment(
  command: CancelPayment,
  deps: PaymentsDeps,
): Promise<PreparedCancel> {
  const details = await findStripeDetails(deps.db, command.escrowId);
  const rail = railFor(deps, command.rail);
  const outcome = await rail.cancelPayment({
    escrowId: command.escrowId,
    providerPaymentId: details?.paymentIntentId ?? command.providerPaymentId,
    idempotencyKey: cancelKey(command.escrowId),
  });
  const alreadyPaid = outcome.ok && outcome.value === 'ALREADY_PAID';
  if (!alreadyPaid || !details?.paymentIntentId) {
    return { details, outcome, lateRefund: undefined, receivedMinor: 0n };
  }
  // The buyer may have paid another amount than the terms: all of it goes back, not the terms.
  const receivedMinor = await receivedAmountOf(rail, details.paymentIntentId);
  const lateRefund = await refundUnwantedPayment(
    rail,
    details,
    { providerPaymentId: details.paymentIntentId, amountMinor: receivedMinor, currency: 'USD' },
    'late-payment',
  );
  return { details, outcome, lateRefund, receivedMinor };
}

/** What the provider received for the payment; throws (and the command is retried) while it is down. */
async function receivedAmountOf(rail: PaymentRail, providerPaymentId: string): Promise<bigint> {
  const payment = answerOf(await rail.retrievePayment(providerPaymentId));
  if ('refusal' in payment) {
    throw new PermanentError('UNKNOWN_PAYMENT', `${providerPaymentId}: ${payment.refusal.message}`);
  }
  return payment.value.amountMinor;
}

export async function handleCancelPayment(
  tx: Queryable,
  command: CancelPayment,
  prepared: PreparedCancel,
  deps: PaymentsDeps,
  logger: Logger,
): Promise<void> {
  const answer = answerOf(prepared.outcome);
  const { details } = prepared;
  if (details === undefined) return;
  await markCancelRequested(tx, command.escrowId, deps.clock.now());
  if ('refusal' in answer) {
    logger.error(
      { escrowId: command.escrowId, refusal: answer.refusal },
      'the provider refused to cancel a payment',
    );
    return;
  }
  if (details.paymentIntentId !== null) {
    await recordArtifact(tx, {
      escrowId: command.escrowId,
      rail: 'STRIPE',
      kind: 'CANCELLATION',
      providerId: details.paymentIntentId,
      amountMinor: details.amountMinor,
      currency: 'USD',
      providerStatus: answer.value.toLowerCase(),
      idempotencyKey: cancelKey(command.escrowId),
    });
  }
  if (
    answer.value === 'ALREADY_PAID' &&
    prepared.lateRefund !== undefined &&
    details.paymentIntentId !== null
  ) {
    const booked = await bookUnwantedPayment(
      tx,
      details,
      {
        providerPaymentId: details.paymentIntentId,
        amountMinor: prepared.receivedMinor,
        currency: 'USD',
      },
      'late-payment',
      prepared.lateRefund,
    );
    logger.warn(
      { escrowId: command.escrowId, ...booked },
      'payment arrived for a cancelled escrow; refunding it',
    );
  }
}

import { PermanentError } from '@bloxtr8/bus';
import type { EventMeta, InitiateRefund } from '@bloxtr8/contracts';
import { CURRENCIES, RefundSucceededSchema } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { ok } from '@bloxtr8/platform';
import { create } from '@bufbuild/protobuf';
import { emitPaymentEvent, emitRailRefusal, metaAfter } from '../mapping/payment-events.ts';
import type { RailResult, StartedRefund } from '../rails/payment-rail.ts';
import { bookMovement, refundLines } from '../store/ledger.ts';
import { recordArtifact } from '../store/payment-artifacts.ts';
import { recordStripeRefund } from '../store/stripe-details.ts';
import type { PaymentsDeps } from './payments-deps.ts';
import { answerOf, foundOf, railFor } from './payments-deps.ts';

export const refundKey = (escrowId: string, attempt: number) => `${escrowId}:refund:${attempt}`;

/**
 * One refund attempt, outside any transaction: adopt the refund the provider already made or is
 * making for this payment (a lost answer, a request still in progress when it was reported
 * failed, a replay after the provider forgot the key), else refund. A failed or canceled refund
 * does not count, so the buyer is refunded once and only once.
 */
export async function prepareInitiateRefund(
  command: InitiateRefund,
  deps: PaymentsDeps,
): Promise<RailResult<StartedRefund>> {
  const currency = CURRENCIES.toName(command.currency);
  if (currency === undefined)
    throw new PermanentError('MALFORMED_COMMAND', 'currency is missing or unknown');
  const rail = railFor(deps, command.rail);
  const found = foundOf(
    await rail.findRefund({
      escrowId: command.escrowId,
      providerPaymentId: command.providerPaymentId,
    }),
  );
  if (found !== undefined) return ok(adopted(command, found));
  return rail.refund({
    escrowId: command.escrowId,
    providerPaymentId: command.providerPaymentId,
    amountMinor: command.amountMinor,
    currency,
    idempotencyKey: refundKey(command.escrowId, command.attempt),
  });
}

/** A refund already made counts only if it returns what this refund returns. */
function adopted(command: InitiateRefund, refund: StartedRefund): StartedRefund {
  if (refund.amountMinor !== command.amountMinor) {
    throw new PermanentError(
      'REFUND_AMOUNT_MISMATCH',
      `escrow ${command.escrowId} already has refund ${refund.providerRefundId} of ${refund.amountMinor}, this refund returns ${command.amountMinor}`,
    );
  }
  return refund;
}

/**
 * Books a refund that succeeded at once and reports it; a refund the provider completes later is
 * recorded as pending and finished by its webhook (see on-webhook-event).
 */
export async function handleInitiateRefund(
  tx: Queryable,
  command: InitiateRefund,
  cause: EventMeta,
  result: RailResult<StartedRefund>,
  deps: PaymentsDeps,
): Promise<void> {
  const meta = metaAfter(cause, deps.clock.now());
  const answer = answerOf(result);
  if ('refusal' in answer) {
    await emitRailRefusal(tx, 'refundFailed', meta, command, answer.refusal);
    return;
  }
  const refund = answer.value;
  const currency = CURRENCIES.toName(command.currency) ?? 'USD';
  await recordArtifact(tx, {
    escrowId: command.escrowId,
    rail: 'STRIPE',
    kind: 'REFUND',
    providerId: refund.providerRefundId,
    amountMinor: command.amountMinor,
    currency,
    providerStatus: refund.status === 'SUCCEEDED' ? 'succeeded' : 'pending',
    idempotencyKey: refundKey(command.escrowId, command.attempt),
  });
  await recordStripeRefund(tx, command.escrowId, refund.providerRefundId);
  if (refund.status === 'PENDING') return;
  const firstReport = await bookMovement(tx, {
    escrowId: command.escrowId,
    movement: 'REFUND',
    currency,
    providerRef: refund.providerRefundId,
    lines: refundLines(command.amountMinor),
  });
  if (!firstReport) return;
  await emitPaymentEvent(tx, {
    case: 'refundSucceeded',
    value: create(RefundSucceededSchema, {
      meta,
      escrowId: command.escrowId,
      rail: command.rail,
      providerRefundId: refund.providerRefundId,
      amountMinor: command.amountMinor,
      currency: command.currency,
      txHash: refund.txHash,
    }),
  });
}

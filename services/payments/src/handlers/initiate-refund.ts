import { PermanentError } from '@bloxtr8/bus';
import type { EventMeta, InitiateRefund } from '@bloxtr8/contracts';
import { CURRENCIES, RefundSucceededSchema } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { create } from '@bufbuild/protobuf';
import { emitPaymentEvent, emitRailRefusal, metaAfter } from '../mapping/payment-events.ts';
import type { RailResult, StartedRefund } from '../rails/payment-rail.ts';
import { bookMovement, refundLines } from '../store/ledger.ts';
import { recordArtifact } from '../store/payment-artifacts.ts';
import { recordStripeRefund } from '../store/stripe-details.ts';
import type { PaymentsDeps } from './payments-deps.ts';
import { answerOf, railFor } from './payments-deps.ts';

export const refundKey = (escrowId: string, attempt: number) => `${escrowId}:refund:${attempt}`;

export function prepareInitiateRefund(
  command: InitiateRefund,
  deps: PaymentsDeps,
): Promise<RailResult<StartedRefund>> {
  const currency = CURRENCIES.toName(command.currency);
  if (currency === undefined)
    throw new PermanentError('MALFORMED_COMMAND', 'currency is missing or unknown');
  return railFor(deps, command.rail).refund({
    escrowId: command.escrowId,
    providerPaymentId: command.providerPaymentId,
    amountMinor: command.amountMinor,
    currency,
    idempotencyKey: refundKey(command.escrowId, command.attempt),
  });
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

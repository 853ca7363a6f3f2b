import type { EventMeta, TransferToSeller } from '@bloxtr8/contracts';
import { TransferHeldSchema, TransferSucceededSchema } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { create } from '@bufbuild/protobuf';
import { emitPaymentEvent, emitRailRefusal, metaAfter } from '../mapping/payment-events.ts';
import type { CompletedTransfer } from '../rails/payment-rail.ts';
import { holdTransfer, settleHeldTransfer } from '../store/held-transfers.ts';
import { bookMovement, transferLines } from '../store/ledger.ts';
import { recordArtifact } from '../store/payment-artifacts.ts';
import { recordStripeTransfer } from '../store/stripe-details.ts';
import type { PaymentsDeps } from './payments-deps.ts';
import type { TransferAnswer } from './transfer-to-seller.ts';
import { amountsOf, transferKey } from './transfer-to-seller.ts';

export interface TransferRecording {
  /** When a held attempt is looked at again by the payments sweeper. */
  readonly heldRetryMs: number;
}

/**
 * Records what became of a release attempt, in the caller's transaction: a payout is booked and
 * reported once (however often it is reported, adopted or retried), a hold is kept and announced
 * when it is news, a refusal is reported. Used by the command handler and the held-transfer
 * sweeper alike; `cause` is the TransferToSeller command's meta.
 */
export async function recordTransferAnswer(
  tx: Queryable,
  command: TransferToSeller,
  cause: EventMeta,
  answer: TransferAnswer,
  deps: PaymentsDeps & TransferRecording,
): Promise<void> {
  const now = deps.clock.now();
  switch (answer.kind) {
    case 'paid':
      await settleHeldTransfer(tx, command.escrowId, command.attempt, 'PAID', now);
      return recordPayout(tx, command, metaAfter(cause, now), answer.transfer);
    case 'held':
      return recordHold(tx, command, cause, answer, deps);
    case 'refused':
      await settleHeldTransfer(tx, command.escrowId, command.attempt, 'FAILED', now);
      return emitRailRefusal(tx, 'transferFailed', metaAfter(cause, now), command, answer.refusal);
  }
}

/** Books the payout (seller and fee out of the holding account) and reports it the first time. */
async function recordPayout(
  tx: Queryable,
  command: TransferToSeller,
  meta: EventMeta,
  transfer: CompletedTransfer,
): Promise<void> {
  const { currency, payoutMinor, railName } = amountsOf(command);
  await recordArtifact(tx, {
    escrowId: command.escrowId,
    rail: railName,
    kind: 'TRANSFER',
    providerId: transfer.providerTransferId,
    amountMinor: payoutMinor,
    currency,
    providerStatus: 'paid',
    idempotencyKey: transferKey(command.escrowId, command.attempt),
  });
  await recordStripeTransfer(tx, command.escrowId, transfer.providerTransferId);
  const firstReport = await bookMovement(tx, {
    escrowId: command.escrowId,
    movement: 'TRANSFER',
    currency,
    providerRef: transfer.providerTransferId,
    lines: transferLines(payoutMinor, command.feeMinor),
  });
  if (!firstReport) return;
  await emitPaymentEvent(tx, {
    case: 'transferSucceeded',
    value: create(TransferSucceededSchema, {
      meta,
      escrowId: command.escrowId,
      rail: command.rail,
      providerTransferId: transfer.providerTransferId,
      amountMinor: payoutMinor,
      feeMinor: command.feeMinor,
      currency: command.currency,
      txHash: transfer.txHash,
    }),
  });
}

/** Keeps the attempt for the sweeper and tells the trade, once per reason, why it waits. */
async function recordHold(
  tx: Queryable,
  command: TransferToSeller,
  cause: EventMeta,
  answer: Extract<TransferAnswer, { kind: 'held' }>,
  deps: PaymentsDeps & TransferRecording,
): Promise<void> {
  const { currency, railName } = amountsOf(command);
  const now = deps.clock.now();
  const isNews = await holdTransfer(
    tx,
    {
      escrowId: command.escrowId,
      attempt: command.attempt,
      sellerId: answer.sellerId,
      rail: railName,
      amountMinor: command.amountMinor,
      feeMinor: command.feeMinor,
      currency,
      providerPaymentId: command.providerPaymentId,
      causeEventId: cause.eventId,
      traceId: cause.traceId,
      correlationId: cause.correlationId,
      reason: answer.reason,
    },
    { at: now, nextAttemptAt: new Date(now.getTime() + deps.heldRetryMs) },
  );
  if (!isNews) return;
  await emitPaymentEvent(tx, {
    case: 'transferHeld',
    value: create(TransferHeldSchema, {
      meta: metaAfter(cause, now),
      escrowId: command.escrowId,
      rail: command.rail,
      sellerId: answer.sellerId,
      reason: answer.reason,
      reasonMessage: answer.message,
      attempt: command.attempt,
    }),
  });
}

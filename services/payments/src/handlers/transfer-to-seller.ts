import { PermanentError } from '@bloxtr8/bus';
import type { EventMeta, TransferToSeller } from '@bloxtr8/contracts';
import { CURRENCIES, TransferSucceededSchema } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { create } from '@bufbuild/protobuf';
import { emitPaymentEvent, emitRailRefusal, metaAfter } from '../mapping/payment-events.ts';
import type { CompletedTransfer, RailResult } from '../rails/payment-rail.ts';
import { bookMovement, transferLines } from '../store/ledger.ts';
import { recordArtifact } from '../store/payment-artifacts.ts';
import { recordStripeTransfer } from '../store/stripe-details.ts';
import type { PaymentsDeps } from './payments-deps.ts';
import { answerOf, railFor } from './payments-deps.ts';

/** Each attempt is its own provider request; a redelivered attempt is the same request. */
export const transferKey = (escrowId: string, attempt: number) => `${escrowId}:transfer:${attempt}`;

function amountsOf(command: TransferToSeller) {
  const currency = CURRENCIES.toName(command.currency);
  if (currency === undefined)
    throw new PermanentError('MALFORMED_COMMAND', 'currency is missing or unknown');
  const payoutMinor = command.amountMinor - command.feeMinor;
  if (command.feeMinor < 0n || payoutMinor <= 0n) {
    throw new PermanentError(
      'MALFORMED_COMMAND',
      `fee ${command.feeMinor} leaves nothing of ${command.amountMinor}`,
    );
  }
  return { currency, payoutMinor };
}

export function prepareTransferToSeller(
  command: TransferToSeller,
  deps: PaymentsDeps,
): Promise<RailResult<CompletedTransfer>> {
  const { currency, payoutMinor } = amountsOf(command);
  return railFor(deps, command.rail).transfer({
    escrowId: command.escrowId,
    payoutMinor,
    feeMinor: command.feeMinor,
    currency,
    destinationRef: command.destinationRef,
    providerPaymentId: command.providerPaymentId,
    idempotencyKey: transferKey(command.escrowId, command.attempt),
  });
}

/** Books the payout (seller and fee out of the holding account) and reports it. */
export async function handleTransferToSeller(
  tx: Queryable,
  command: TransferToSeller,
  cause: EventMeta,
  result: RailResult<CompletedTransfer>,
  deps: PaymentsDeps,
): Promise<void> {
  const meta = metaAfter(cause, deps.clock.now());
  const answer = answerOf(result);
  if ('refusal' in answer) {
    await emitRailRefusal(tx, 'transferFailed', meta, command, answer.refusal);
    return;
  }
  const { currency, payoutMinor } = amountsOf(command);
  const transfer = answer.value;
  await recordArtifact(tx, {
    escrowId: command.escrowId,
    rail: 'STRIPE',
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

import type { EnvelopeHandler, Preparer } from '@bloxtr8/bus';
import type { TOPICS } from '@bloxtr8/contracts';
import type { CreatedPayment, RailResult, StartedRefund } from '../rails/payment-rail.ts';
import type { PreparedUsdcCommand } from '../usdc/on-usdc-command.ts';
import { handleUsdcCommand, isUsdcCommand, prepareUsdcCommand } from '../usdc/on-usdc-command.ts';
import type { PreparedCancel } from './cancel-payment.ts';
import { handleCancelPayment, prepareCancelPayment } from './cancel-payment.ts';
import { handleCreatePaymentIntent, prepareCreatePaymentIntent } from './create-payment-intent.ts';
import { handleInitiateRefund, prepareInitiateRefund } from './initiate-refund.ts';
import type { PaymentsDeps } from './payments-deps.ts';
import type { TransferRecording } from './record-transfer-answer.ts';
import { recordTransferAnswer } from './record-transfer-answer.ts';
import type { TransferAnswer } from './transfer-to-seller.ts';
import { prepareTransferToSeller } from './transfer-to-seller.ts';

type Topic = typeof TOPICS.paymentCommands;

/** The provider's answer to a command, obtained before the transaction that records it. */
export type PreparedPaymentCommand =
  | { readonly case: 'createPaymentIntent'; readonly result: RailResult<CreatedPayment> }
  | { readonly case: 'transferToSeller'; readonly result: TransferAnswer }
  | { readonly case: 'initiateRefund'; readonly result: RailResult<StartedRefund> }
  | { readonly case: 'cancelPayment'; readonly result: PreparedCancel }
  | { readonly case: 'usdc'; readonly prepared: PreparedUsdcCommand }
  | { readonly case: undefined };

/** payments.commands.v1, first half: call the rail (idempotently), outside any transaction. */
export function preparePaymentCommand(deps: PaymentsDeps): Preparer<Topic, PreparedPaymentCommand> {
  return async ({ envelope }) => {
    const { command } = envelope;
    if (deps.usdc !== undefined && isUsdcCommand(command)) {
      return { case: 'usdc', prepared: await prepareUsdcCommand(command, deps, deps.usdc) };
    }
    switch (command.case) {
      case 'createPaymentIntent':
        return {
          case: command.case,
          result: await prepareCreatePaymentIntent(command.value, deps),
        };
      case 'transferToSeller':
        return { case: command.case, result: await prepareTransferToSeller(command.value, deps) };
      case 'initiateRefund':
        return { case: command.case, result: await prepareInitiateRefund(command.value, deps) };
      case 'cancelPayment':
        return { case: command.case, result: await prepareCancelPayment(command.value, deps) };
      case undefined:
        return { case: undefined };
    }
  };
}

/** payments.commands.v1, second half: record the answer, book the ledger, emit the payment event. */
export function onPaymentCommand(
  deps: PaymentsDeps & TransferRecording,
): EnvelopeHandler<Topic, PreparedPaymentCommand> {
  return async ({ envelope, meta }, { tx, prepared, logger }) => {
    const { command } = envelope;
    if (prepared.case === 'usdc' && deps.usdc !== undefined) {
      return handleUsdcCommand(tx, command, meta, prepared.prepared, deps, deps.usdc);
    }
    if (command.case === 'createPaymentIntent' && prepared.case === command.case) {
      return handleCreatePaymentIntent(tx, command.value, meta, prepared.result, deps);
    }
    if (command.case === 'transferToSeller' && prepared.case === command.case) {
      return recordTransferAnswer(tx, command.value, meta, prepared.result, deps);
    }
    if (command.case === 'initiateRefund' && prepared.case === command.case) {
      return handleInitiateRefund(tx, command.value, meta, prepared.result, deps);
    }
    if (command.case === 'cancelPayment' && prepared.case === command.case) {
      return handleCancelPayment(tx, command.value, prepared.result, deps, logger);
    }
  };
}

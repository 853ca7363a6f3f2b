import type { EventMeta, PaymentCommandEnvelope } from '@bloxtr8/contracts';
import { Rail } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import type { PaymentsDeps } from '../handlers/payments-deps.ts';
import type { TransferRecording } from '../handlers/record-transfer-answer.ts';
import { handleCancelUsdc } from './cancel-usdc.ts';
import { handleCreateDepositAddress } from './create-deposit-address.ts';
import type { UsdcRefundAnswer } from './refund-usdc.ts';
import { prepareUsdcRefund, recordUsdcRefund } from './refund-usdc.ts';
import type { UsdcReleaseAnswer } from './release-usdc.ts';
import { prepareUsdcRelease, recordUsdcRelease } from './release-usdc.ts';
import type { UsdcDeps } from './usdc-deps.ts';

type Command = PaymentCommandEnvelope['command'];

/** What a USDC command needs from outside before its transaction: screening, for settlements. */
export type PreparedUsdcCommand =
  | { readonly case: 'transferToSeller'; readonly answer: UsdcReleaseAnswer }
  | { readonly case: 'initiateRefund'; readonly answer: UsdcRefundAnswer }
  | { readonly case: 'createPaymentIntent' | 'cancelPayment' | undefined };

/** Whether a payment command is for the USDC rail (its own handlers, ADR 0021). */
export function isUsdcCommand(command: Command): boolean {
  return command.case !== undefined && command.value.rail === Rail.USDC_BASE;
}

export async function prepareUsdcCommand(
  command: Command,
  deps: PaymentsDeps,
  usdc: UsdcDeps,
): Promise<PreparedUsdcCommand> {
  switch (command.case) {
    case 'transferToSeller':
      return { case: command.case, answer: await prepareUsdcRelease(command.value, deps, usdc) };
    case 'initiateRefund':
      return { case: command.case, answer: await prepareUsdcRefund(command.value, usdc) };
    default:
      return { case: command.case };
  }
}

/** Records a USDC command in the consumer's transaction; the chain watcher does the rest. */
export async function handleUsdcCommand(
  tx: Queryable,
  command: Command,
  meta: EventMeta,
  prepared: PreparedUsdcCommand,
  deps: PaymentsDeps & TransferRecording,
  usdc: UsdcDeps,
): Promise<void> {
  if (command.case === 'createPaymentIntent') {
    return handleCreateDepositAddress(tx, command.value, meta, usdc);
  }
  if (command.case === 'cancelPayment') return handleCancelUsdc(tx, command.value, usdc);
  if (command.case === 'transferToSeller' && prepared.case === 'transferToSeller') {
    return recordUsdcRelease(tx, command.value, meta, prepared.answer, deps, usdc);
  }
  if (command.case === 'initiateRefund' && prepared.case === 'initiateRefund') {
    return recordUsdcRefund(tx, command.value, meta, prepared.answer, usdc);
  }
}

import { PermanentError } from '@bloxtr8/bus';
import type { CurrencyCode, RailName, TransferToSeller } from '@bloxtr8/contracts';
import { CURRENCIES, RAILS } from '@bloxtr8/contracts';
import type {
  CompletedTransfer,
  PaymentRail,
  RailFailure,
  RailResult,
} from '../rails/payment-rail.ts';
import { RAIL_FAILURE_CODES } from '../rails/payment-rail.ts';
import type { HoldReason } from '../store/held-transfers.ts';
import { findStripeDetails } from '../store/stripe-details.ts';
import type { PaymentsDeps } from './payments-deps.ts';
import { answerOf, foundOf, railFor } from './payments-deps.ts';

/** Each attempt is its own provider request; a redelivered attempt is the same request. */
export const transferKey = (escrowId: string, attempt: number) => `${escrowId}:transfer:${attempt}`;

/** What became of one release attempt at the provider. */
export type TransferAnswer =
  /** The seller is paid: by this request, or by an earlier one the provider already made. */
  | { readonly kind: 'paid'; readonly transfer: CompletedTransfer }
  /** The seller cannot be paid yet; the attempt waits for them (nothing moved). */
  | {
      readonly kind: 'held';
      readonly sellerId: string;
      readonly reason: HoldReason;
      readonly message: string;
    }
  /** The provider refused for good: the escrow goes back to where it was. */
  | { readonly kind: 'refused'; readonly refusal: RailFailure };

export interface TransferAmounts {
  readonly railName: RailName;
  readonly currency: CurrencyCode;
  readonly payoutMinor: bigint;
}

export function amountsOf(command: TransferToSeller): TransferAmounts {
  const currency = CURRENCIES.toName(command.currency);
  const railName = RAILS.toName(command.rail);
  if (currency === undefined || railName === undefined)
    throw new PermanentError('MALFORMED_COMMAND', 'currency or rail is missing or unknown');
  const payoutMinor = command.amountMinor - command.feeMinor;
  if (command.feeMinor < 0n || payoutMinor <= 0n) {
    throw new PermanentError(
      'MALFORMED_COMMAND',
      `fee ${command.feeMinor} leaves nothing of ${command.amountMinor}`,
    );
  }
  return { railName, currency, payoutMinor };
}

const HOLD_MESSAGES: Readonly<Record<HoldReason, string>> = {
  PAYOUT_ACCOUNT_MISSING:
    'payout account required: the seller has not set up payouts yet; the release is paid once they do',
  PAYOUT_ACCOUNT_NOT_READY:
    'payout account not ready: the seller must finish payout onboarding; the release is paid once they do',
};

/**
 * One release attempt, outside any transaction (ADR 0014): first adopt whatever the provider
 * already paid out for this escrow (a lost answer, a request still in progress when it was
 * reported failed, a replay after the provider forgot the key), so the seller is never paid twice;
 * then pay the seller's payout account as it is now, naming the funding charge, or hold the
 * attempt while the seller cannot be paid.
 */
export async function prepareTransferToSeller(
  command: TransferToSeller,
  deps: PaymentsDeps,
): Promise<TransferAnswer> {
  const amounts = amountsOf(command);
  const rail = railFor(deps, command.rail);
  const paid = foundOf(await rail.findTransfer(command.escrowId));
  if (paid !== undefined) return { kind: 'paid', transfer: adopted(command, paid, amounts) };
  const details = await findStripeDetails(deps.db, command.escrowId);
  const sellerId = command.sellerId || details?.sellerId || '';
  if (sellerId === '') throw new PermanentError('MALFORMED_COMMAND', 'no seller to pay');
  const destination = await deps.payoutDestinations.destinationFor(sellerId, amounts.railName);
  if (destination === undefined) return held(sellerId, 'PAYOUT_ACCOUNT_MISSING');
  const readiness = answerOf(await rail.payoutAccountReadiness(destination));
  if ('refusal' in readiness) return answerOfRefusal(readiness.refusal, sellerId);
  if (readiness.value === 'NOT_READY') return held(sellerId, 'PAYOUT_ACCOUNT_NOT_READY');
  const result = await rail.transfer({
    escrowId: command.escrowId,
    payoutMinor: amounts.payoutMinor,
    feeMinor: command.feeMinor,
    currency: amounts.currency,
    destination,
    providerPaymentId: command.providerPaymentId,
    sourceTransaction: details?.chargeId ?? (await fundingChargeOf(rail, command)),
    idempotencyKey: transferKey(command.escrowId, command.attempt),
  });
  return answerOfTransfer(result, sellerId);
}

function held(sellerId: string, reason: HoldReason): TransferAnswer {
  return { kind: 'held', sellerId, reason, message: HOLD_MESSAGES[reason] };
}

/**
 * A transfer the provider already made counts only if it pays what this release pays: anything
 * else is a disagreement for people to look at, and nothing more may move meanwhile.
 */
function adopted(
  command: TransferToSeller,
  transfer: CompletedTransfer,
  amounts: TransferAmounts,
): CompletedTransfer {
  if (transfer.payoutMinor !== amounts.payoutMinor) {
    throw new PermanentError(
      'TRANSFER_AMOUNT_MISMATCH',
      `escrow ${command.escrowId} was already paid out ${transfer.payoutMinor} by ${transfer.providerTransferId}, this release pays ${amounts.payoutMinor}`,
    );
  }
  return transfer;
}

/** The charge that funded the escrow, asked of the provider when it was not recorded. */
async function fundingChargeOf(rail: PaymentRail, command: TransferToSeller): Promise<string> {
  const payment = answerOf(await rail.retrievePayment(command.providerPaymentId));
  if ('refusal' in payment) {
    throw new PermanentError(
      'UNKNOWN_PAYMENT',
      `${command.providerPaymentId}: ${payment.refusal.message}`,
    );
  }
  return payment.value.chargeId;
}

function answerOfTransfer(result: RailResult<CompletedTransfer>, sellerId: string): TransferAnswer {
  const answer = answerOf(result);
  return 'value' in answer
    ? { kind: 'paid', transfer: answer.value }
    : answerOfRefusal(answer.refusal, sellerId);
}

/**
 * A final refusal of the seller's account or of the transfer: an account not ready yet holds the
 * release (the provider may still say so when onboarding lapsed after we asked); one that does
 * not exist fails it for good, in words the seller can act on.
 */
function answerOfRefusal(refusal: RailFailure, sellerId: string): TransferAnswer {
  if (refusal.code === RAIL_FAILURE_CODES.payoutAccountNotReady) {
    return held(sellerId, 'PAYOUT_ACCOUNT_NOT_READY');
  }
  if (refusal.code === RAIL_FAILURE_CODES.payoutAccountInvalid) {
    const message = `the seller's payout account cannot be paid (${refusal.message}); the seller must contact support`;
    return { kind: 'refused', refusal: { ...refusal, message } };
  }
  return { kind: 'refused', refusal };
}

import type { EventMeta } from '@bloxtr8/contracts';
import { Currency, PaymentFailedSchema, PaymentSucceededSchema, Rail } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { create } from '@bufbuild/protobuf';
import { emitPaymentEvent, metaFromOutside } from '../mapping/payment-events.ts';
import { authorizationNonceOf } from '../rails/usdc-base/usdc-base.mapping.ts';
import type { ScreeningVerdict } from '../screening/screening-verdict.ts';
import { bookMovement, paymentLines } from '../store/ledger.ts';
import type { UsdcDeposit } from '../store/usdc-deposits.ts';
import { creditedMinorOf, decideDeposit } from '../store/usdc-deposits.ts';
import type { UsdcEscrow } from '../store/usdc-escrows.ts';
import { markUsdcFunded } from '../store/usdc-escrows.ts';
import { queueTransfer } from '../store/usdc-transfers.ts';
import type { DepositOutcome } from './deposit-outcome.ts';
import { depositOutcomeOf } from './deposit-outcome.ts';

/** How a deposit was decided: by its screening, or by a moderator who reviewed it. */
export type DepositRuling =
  | { readonly by: 'SCREENING'; readonly verdict: ScreeningVerdict; readonly riskScore: number }
  | { readonly by: 'MODERATOR'; readonly accept: boolean; readonly moderatorId: string };

/** Why a deposit's money goes back: refused, more than the escrow takes, or its escrow was cancelled. */
export type ReturnReason = 'refused' | 'excess' | 'cancelled';

export const returnKey = (escrowId: string, depositId: string, reason: ReturnReason) =>
  `${escrowId}:return:${depositId}:${reason}`;

/** The ledger's name for a deposit: one movement per Transfer log, however often it is seen. */
export const depositRef = (deposit: Pick<UsdcDeposit, 'txHash' | 'logIndex'>) =>
  `${deposit.txHash}:${deposit.logIndex}`;

/**
 * Decides a screened (or reviewed) deposit in the caller's transaction, with its escrow locked
 * by the caller: the money is booked into the escrow's holding account (it is in our custody
 * whatever the verdict), credited up to the amount due, and what the escrow cannot keep is queued
 * to go back to its sender. The deposit that completes the amount funds the escrow
 * (PaymentSucceeded, with its transaction hash).
 */
export async function applyDepositRuling(
  tx: Queryable,
  escrow: UsdcEscrow,
  deposit: UsdcDeposit,
  ruling: DepositRuling,
  options: { readonly now: Date; readonly screeningId?: string },
): Promise<DepositOutcome> {
  const outcome = depositOutcomeOf(verdictOf(ruling), deposit.amountMinor, {
    amountDueMinor: escrow.amountMinor,
    creditedMinor: await creditedMinorOf(tx, escrow.escrowId),
    isFunded: escrow.fundedAt !== null,
    isCancelled: escrow.cancelRequestedAt !== null,
  });
  await decideDeposit(
    tx,
    deposit.id,
    {
      ...outcome,
      ...(options.screeningId === undefined ? {} : { screeningId: options.screeningId }),
      ...(ruling.by === 'MODERATOR' ? { decidedBy: ruling.moderatorId } : {}),
    },
    options.now,
  );
  await bookMovement(tx, {
    escrowId: escrow.escrowId,
    movement: 'PAYMENT',
    currency: 'USDC',
    providerRef: depositRef(deposit),
    lines: paymentLines(deposit.amountMinor),
  });
  if (outcome.returnedMinor > 0n) {
    const reason = outcome.status === 'REJECTED' ? 'refused' : 'excess';
    await queueReturn(tx, deposit, outcome.returnedMinor, reason);
  }
  const meta = metaFromOutside(escrow.correlationId, options.now);
  if (outcome.completesFunding) await fund(tx, escrow, deposit, meta, options.now);
  const refusal = refusalOf(ruling, deposit);
  if (refusal !== undefined) await reportRefusal(tx, escrow, meta, refusal);
  return outcome;
}

function verdictOf(ruling: DepositRuling): ScreeningVerdict {
  if (ruling.by === 'SCREENING') return ruling.verdict;
  return ruling.accept ? 'ACCEPT' : 'HIGH_RISK';
}

/** Queues `amountMinor` of a deposit to go back to its sender (screened with the deposit). */
export async function queueReturn(
  tx: Queryable,
  deposit: UsdcDeposit,
  amountMinor: bigint,
  reason: ReturnReason,
): Promise<void> {
  const key = returnKey(deposit.escrowId, deposit.id, reason);
  await queueTransfer(tx, {
    escrowId: deposit.escrowId,
    kind: 'RETURN',
    depositId: deposit.id,
    idempotencyKey: key,
    toAddress: deposit.senderAddress,
    amountMinor,
    authorizationNonce: authorizationNonceOf(key),
  });
}

async function fund(
  tx: Queryable,
  escrow: UsdcEscrow,
  deposit: UsdcDeposit,
  meta: EventMeta,
  now: Date,
): Promise<void> {
  await markUsdcFunded(tx, escrow.escrowId, deposit.txHash, now);
  await emitPaymentEvent(tx, {
    case: 'paymentSucceeded',
    value: create(PaymentSucceededSchema, {
      meta,
      escrowId: escrow.escrowId,
      rail: Rail.USDC_BASE,
      providerPaymentId: escrow.depositAddress,
      amountMinor: escrow.amountMinor,
      currency: Currency.USDC,
      txHash: deposit.txHash,
    }),
  });
}

interface Refusal {
  readonly code: string;
  readonly message: string;
}

/** Words for the buyer when a deposit is not taken (the escrow still awaits its funds). */
function refusalOf(ruling: DepositRuling, deposit: UsdcDeposit): Refusal | undefined {
  const sent = `deposit ${deposit.txHash} of ${deposit.amountMinor} from ${deposit.senderAddress}`;
  if (ruling.by === 'MODERATOR') {
    return ruling.accept
      ? undefined
      : { code: 'DEPOSIT_RETURNED', message: `${sent} was returned after review` };
  }
  switch (ruling.verdict) {
    case 'SANCTIONED':
      return {
        code: 'DEPOSIT_FROZEN',
        message: `${sent} comes from a sanctioned address: frozen for manual review, not returned`,
      };
    case 'HIGH_RISK':
      return {
        code: 'DEPOSIT_REFUSED',
        message: `${sent} was refused (risk ${ruling.riskScore} above 80) and is returned`,
      };
    default:
      return undefined;
  }
}

async function reportRefusal(
  tx: Queryable,
  escrow: UsdcEscrow,
  meta: EventMeta,
  refusal: Refusal,
): Promise<void> {
  await emitPaymentEvent(tx, {
    case: 'paymentFailed',
    value: create(PaymentFailedSchema, {
      meta,
      escrowId: escrow.escrowId,
      rail: Rail.USDC_BASE,
      providerPaymentId: escrow.depositAddress,
      failureCode: refusal.code,
      failureMessage: refusal.message,
    }),
  });
}

import { PermanentError } from '@bloxtr8/bus';
import type { EventMeta, TransferToSeller } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import type { PaymentsDeps } from '../handlers/payments-deps.ts';
import type { TransferRecording } from '../handlers/record-transfer-answer.ts';
import { recordTransferAnswer } from '../handlers/record-transfer-answer.ts';
import type { TransferAnswer } from '../handlers/transfer-to-seller.ts';
import { amountsOf } from '../handlers/transfer-to-seller.ts';
import { RAIL_FAILURE_CODES } from '../rails/payment-rail.ts';
import { authorizationNonceOf, normalizeAddress } from '../rails/usdc-base/usdc-base.mapping.ts';
import type { ScreenedWallet } from '../screening/wallet-screener.ts';
import { settleHeldTransfer } from '../store/held-transfers.ts';
import { saveSettlement } from '../store/usdc-settlements.ts';
import type { UsdcTransfer } from '../store/usdc-transfers.ts';
import { liveTransferOf, queueTransfer } from '../store/usdc-transfers.ts';
import { recordScreening } from '../store/wallet-screenings.ts';
import { finishSettlements } from './finish-transfer.ts';
import { screenDestination } from './screen-destination.ts';
import type { UsdcDeps } from './usdc-deps.ts';
import { findUsdcEscrowOrFail } from './usdc-escrow-of.ts';

/** What a USDC release attempt comes to before anything is sent. */
export type UsdcReleaseAnswer =
  /** Pay the seller's screened wallet (and the treasury its fee): transfers are queued. */
  | { readonly kind: 'queue'; readonly destination: string; readonly screened: ScreenedWallet }
  /** An earlier attempt already pays this seller: this attempt waits for it, paying nothing new. */
  | { readonly kind: 'adopt'; readonly destination: string }
  /** Held (no payout wallet) or refused (a wallet that failed screening), as on any rail. */
  | Extract<TransferAnswer, { kind: 'held' | 'refused' }>;

const payoutKey = (escrowId: string, attempt: number) => `${escrowId}:transfer:${attempt}:payout`;
const feeKey = (escrowId: string, attempt: number) => `${escrowId}:transfer:${attempt}:fee`;

const WALLET_MISSING_MESSAGE =
  'payout wallet required: the seller has not registered a USDC payout wallet yet; the release is paid once they do';

/**
 * One USDC release attempt, outside any transaction (ADR 0021): adopt a payout an earlier attempt
 * already made or is making; else resolve the seller's payout wallet now (held without one) and
 * screen it (SPEC §5: before any payout); a wallet that does not pass is refused for good.
 */
export async function prepareUsdcRelease(
  command: TransferToSeller,
  deps: PaymentsDeps,
  usdc: UsdcDeps,
): Promise<UsdcReleaseAnswer> {
  const { payoutMinor } = amountsOf(command);
  const escrow = await findUsdcEscrowOrFail(usdc, command.escrowId);
  const paying = await liveTransferOf(usdc.db, command.escrowId, 'PAYOUT');
  if (paying !== undefined) return adopted(command, paying, payoutMinor);
  const sellerId = command.sellerId || escrow.sellerId;
  const wallet = await deps.payoutDestinations.destinationFor(sellerId, 'USDC_BASE');
  if (wallet === undefined) {
    return {
      kind: 'held',
      sellerId,
      reason: 'PAYOUT_ACCOUNT_MISSING',
      message: WALLET_MISSING_MESSAGE,
    };
  }
  const screened = await screenDestination(usdc, wallet);
  if (screened.verdict !== 'ACCEPT') {
    return {
      kind: 'refused',
      refusal: {
        code: RAIL_FAILURE_CODES.payoutAccountInvalid,
        message: `the seller's payout wallet did not pass screening (${screened.verdict}, risk ${screened.riskScore}); the seller must contact support`,
        retryable: false,
      },
    };
  }
  return { kind: 'queue', destination: normalizeAddress(wallet), screened };
}

function adopted(
  command: TransferToSeller,
  paying: UsdcTransfer,
  payoutMinor: bigint,
): UsdcReleaseAnswer {
  if (paying.amountMinor !== payoutMinor) {
    throw new PermanentError(
      'TRANSFER_AMOUNT_MISMATCH',
      `escrow ${command.escrowId} already pays out ${paying.amountMinor} (${paying.idempotencyKey}), this release pays ${payoutMinor}`,
    );
  }
  return { kind: 'adopt', destination: paying.toAddress };
}

/**
 * Records a USDC release attempt in the caller's transaction: the settlement (whose events will be
 * caused by this command), the payout to the seller and the fee to the treasury queued for the
 * chain watcher to sign and send. Held and refused attempts are recorded as on any rail.
 */
export async function recordUsdcRelease(
  tx: Queryable,
  command: TransferToSeller,
  cause: EventMeta,
  answer: UsdcReleaseAnswer,
  deps: PaymentsDeps & TransferRecording,
  usdc: UsdcDeps,
): Promise<void> {
  if (answer.kind === 'held' || answer.kind === 'refused') {
    return recordTransferAnswer(tx, command, cause, answer, deps);
  }
  const now = usdc.clock.now();
  const { payoutMinor } = amountsOf(command);
  await settleHeldTransfer(tx, command.escrowId, command.attempt, 'PAID', now);
  await saveSettlement(tx, {
    escrowId: command.escrowId,
    kind: 'RELEASE',
    attempt: command.attempt,
    amountMinor: payoutMinor,
    feeMinor: command.feeMinor,
    destination: answer.destination,
    causeEventId: cause.eventId,
    traceId: cause.traceId,
    correlationId: cause.correlationId,
  });
  if (answer.kind === 'queue') {
    await recordScreening(
      tx,
      answer.screened,
      {
        purpose: 'PAYOUT_WALLET',
        escrowId: command.escrowId,
        ...(command.sellerId === '' ? {} : { userId: command.sellerId }),
      },
      now,
    );
    await queueTransfer(tx, {
      escrowId: command.escrowId,
      kind: 'PAYOUT',
      attempt: command.attempt,
      idempotencyKey: payoutKey(command.escrowId, command.attempt),
      toAddress: answer.destination,
      amountMinor: payoutMinor,
      authorizationNonce: authorizationNonceOf(payoutKey(command.escrowId, command.attempt)),
    });
  }
  await queueFee(tx, command, usdc);
  // An adopted payout may be confirmed already: the release is then reported at once.
  await finishSettlements(tx, command.escrowId, 'RELEASE', now);
}

/** The platform's fee goes to the treasury once per escrow, whatever attempt pays the seller. */
async function queueFee(tx: Queryable, command: TransferToSeller, usdc: UsdcDeps): Promise<void> {
  if (command.feeMinor === 0n) return;
  if ((await liveTransferOf(tx, command.escrowId, 'FEE')) !== undefined) return;
  const key = feeKey(command.escrowId, command.attempt);
  await queueTransfer(tx, {
    escrowId: command.escrowId,
    kind: 'FEE',
    attempt: command.attempt,
    idempotencyKey: key,
    toAddress: usdc.rail.treasury,
    amountMinor: command.feeMinor,
    authorizationNonce: authorizationNonceOf(key),
  });
}

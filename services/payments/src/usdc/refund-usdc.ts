import { PermanentError } from '@bloxtr8/bus';
import type { EventMeta, InitiateRefund } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { emitRailRefusal, metaAfter } from '../mapping/payment-events.ts';
import type { RailFailure } from '../rails/payment-rail.ts';
import { authorizationNonceOf, normalizeAddress } from '../rails/usdc-base/usdc-base.mapping.ts';
import type { ScreenedWallet } from '../screening/wallet-screener.ts';
import { depositsOfEscrow } from '../store/usdc-deposits.ts';
import type { UsdcEscrow } from '../store/usdc-escrows.ts';
import { saveSettlement } from '../store/usdc-settlements.ts';
import { liveTransferOf, queueTransfer } from '../store/usdc-transfers.ts';
import { recordScreening } from '../store/wallet-screenings.ts';
import { finishSettlements } from './finish-transfer.ts';
import { screenDestination } from './screen-destination.ts';
import type { UsdcDeps } from './usdc-deps.ts';
import { findUsdcEscrowOrFail } from './usdc-escrow-of.ts';

export type UsdcRefundAnswer =
  | { readonly kind: 'queue'; readonly destination: string; readonly screened: ScreenedWallet }
  | { readonly kind: 'adopt'; readonly destination: string }
  | { readonly kind: 'refused'; readonly refusal: RailFailure };

const refundKey = (escrowId: string, attempt: number) => `${escrowId}:refund:${attempt}`;

/**
 * One USDC refund attempt, outside any transaction: adopt a refund an earlier attempt made or is
 * making; else send the money to the buyer's refund address, or, if they registered none, back to
 * the wallet whose deposit funded the escrow, once it passes screening.
 */
export async function prepareUsdcRefund(
  command: InitiateRefund,
  usdc: UsdcDeps,
): Promise<UsdcRefundAnswer> {
  const escrow = await findUsdcEscrowOrFail(usdc, command.escrowId);
  const refunding = await liveTransferOf(usdc.db, command.escrowId, 'REFUND');
  if (refunding !== undefined) {
    if (refunding.amountMinor !== command.amountMinor) {
      throw new PermanentError(
        'REFUND_AMOUNT_MISMATCH',
        `escrow ${command.escrowId} already refunds ${refunding.amountMinor}, this refund returns ${command.amountMinor}`,
      );
    }
    return { kind: 'adopt', destination: refunding.toAddress };
  }
  const destination = await refundDestinationOf(usdc, escrow);
  const screened = await screenDestination(usdc, destination);
  if (screened.verdict !== 'ACCEPT') {
    return {
      kind: 'refused',
      refusal: {
        code: 'REFUND_ADDRESS_REFUSED',
        message: `the refund address did not pass screening (${screened.verdict}, risk ${screened.riskScore}); a moderator must settle it by hand`,
        retryable: false,
      },
    };
  }
  return { kind: 'queue', destination: normalizeAddress(destination), screened };
}

async function refundDestinationOf(usdc: UsdcDeps, escrow: UsdcEscrow): Promise<string> {
  const registered = await usdc.refundAddresses.refundAddressFor(escrow.buyerId);
  if (registered !== undefined) return registered;
  const funding = (await depositsOfEscrow(usdc.db, escrow.escrowId)).find(
    (deposit) => deposit.txHash === escrow.fundingTxHash,
  );
  if (funding === undefined) {
    throw new PermanentError('UNKNOWN_PAYMENT', `escrow ${escrow.escrowId} was never funded`);
  }
  return funding.senderAddress;
}

/** Records a USDC refund attempt in the caller's transaction: settlement and queued transfer. */
export async function recordUsdcRefund(
  tx: Queryable,
  command: InitiateRefund,
  cause: EventMeta,
  answer: UsdcRefundAnswer,
  usdc: UsdcDeps,
): Promise<void> {
  const now = usdc.clock.now();
  if (answer.kind === 'refused') {
    return emitRailRefusal(tx, 'refundFailed', metaAfter(cause, now), command, answer.refusal);
  }
  await saveSettlement(tx, {
    escrowId: command.escrowId,
    kind: 'REFUND',
    attempt: command.attempt,
    amountMinor: command.amountMinor,
    feeMinor: 0n,
    destination: answer.destination,
    causeEventId: cause.eventId,
    traceId: cause.traceId,
    correlationId: cause.correlationId,
  });
  if (answer.kind === 'queue') {
    await recordScreening(
      tx,
      answer.screened,
      { purpose: 'REFUND_WALLET', escrowId: command.escrowId },
      now,
    );
    const key = refundKey(command.escrowId, command.attempt);
    await queueTransfer(tx, {
      escrowId: command.escrowId,
      kind: 'REFUND',
      attempt: command.attempt,
      idempotencyKey: key,
      toAddress: answer.destination,
      amountMinor: command.amountMinor,
      authorizationNonce: authorizationNonceOf(key),
    });
  }
  await finishSettlements(tx, command.escrowId, 'REFUND', now);
}

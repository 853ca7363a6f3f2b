import type { EventMeta } from '@bloxtr8/contracts';
import {
  Currency,
  createMeta,
  Rail,
  RefundFailedSchema,
  RefundSucceededSchema,
  TransferFailedSchema,
  TransferSucceededSchema,
} from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { newId } from '@bloxtr8/platform';
import { create } from '@bufbuild/protobuf';
import { emitPaymentEvent } from '../mapping/payment-events.ts';
import { recordDiscrepancy } from '../store/discrepancies.ts';
import { bookMovement, refundLines, transferLines } from '../store/ledger.ts';
import type { UsdcSettlement, UsdcSettlementKind } from '../store/usdc-settlements.ts';
import { closeSettlement, lockPendingSettlements } from '../store/usdc-settlements.ts';
import type { UsdcTransfer } from '../store/usdc-transfers.ts';
import { liveTransferOf } from '../store/usdc-transfers.ts';

/**
 * What a transfer that the chain confirmed (or that reverted) settles, in the caller's
 * transaction: a return to a sender is booked out of the escrow's holding account; a release is
 * reported (TransferSucceeded, with the payout's transaction hash) once the seller's payout and
 * the treasury's fee are both confirmed; a refund once the buyer's is.
 */
export async function finishTransfer(
  tx: Queryable,
  transfer: UsdcTransfer,
  now: Date,
): Promise<void> {
  switch (transfer.kind) {
    case 'RETURN':
      return finishReturn(tx, transfer);
    case 'PAYOUT':
    case 'FEE':
      return finishSettlements(tx, transfer.escrowId, 'RELEASE', now);
    case 'REFUND':
      return finishSettlements(tx, transfer.escrowId, 'REFUND', now);
  }
}

async function finishReturn(tx: Queryable, transfer: UsdcTransfer): Promise<void> {
  if (transfer.status === 'CONFIRMED') {
    await bookMovement(tx, {
      escrowId: transfer.escrowId,
      movement: 'REFUND',
      currency: 'USDC',
      providerRef: transfer.txHash ?? transfer.idempotencyKey,
      lines: refundLines(transfer.amountMinor),
    });
    return;
  }
  await recordDiscrepancy(tx, {
    id: newId(),
    escrowId: transfer.escrowId,
    rail: 'USDC_BASE',
    kind: 'STATE_MISMATCH',
    platformState: `returning ${transfer.amountMinor} to ${transfer.toAddress}`,
    providerState: `transaction ${transfer.txHash} reverted`,
    detail: 'a USDC return reverted on chain; the money is still at the deposit address',
  });
}

/** Closes the escrow's pending settlements of `kind` that their transfers have settled. */
export async function finishSettlements(
  tx: Queryable,
  escrowId: string,
  kind: UsdcSettlementKind,
  now: Date,
): Promise<void> {
  for (const settlement of await lockPendingSettlements(tx, escrowId, kind)) {
    if (kind === 'RELEASE') await finishRelease(tx, settlement, now);
    else await finishRefund(tx, settlement, now);
  }
}

async function finishRelease(tx: Queryable, settlement: UsdcSettlement, now: Date): Promise<void> {
  const payout = await liveTransferOf(tx, settlement.escrowId, 'PAYOUT');
  const fee =
    settlement.feeMinor > 0n ? await liveTransferOf(tx, settlement.escrowId, 'FEE') : undefined;
  const meta = metaOf(settlement, now);
  if (payout === undefined || (settlement.feeMinor > 0n && fee === undefined)) {
    await closeSettlement(
      tx,
      settlement,
      { status: 'FAILED', failureCode: 'TRANSFER_REVERTED' },
      now,
    );
    await emitPaymentEvent(tx, {
      case: 'transferFailed',
      value: create(TransferFailedSchema, {
        meta,
        escrowId: settlement.escrowId,
        rail: Rail.USDC_BASE,
        failureCode: 'TRANSFER_REVERTED',
        failureMessage: 'the USDC transfer to the seller reverted on chain; nothing was paid',
      }),
    });
    return;
  }
  const isFeeDone = settlement.feeMinor === 0n || fee?.status === 'CONFIRMED';
  if (payout.status !== 'CONFIRMED' || !isFeeDone) return;
  await closeSettlement(tx, settlement, { status: 'SUCCEEDED' }, now);
  const firstReport = await bookMovement(tx, {
    escrowId: settlement.escrowId,
    movement: 'TRANSFER',
    currency: 'USDC',
    providerRef: payout.txHash ?? payout.idempotencyKey,
    lines: transferLines(payout.amountMinor, fee?.amountMinor ?? 0n),
  });
  if (!firstReport) return;
  await emitPaymentEvent(tx, {
    case: 'transferSucceeded',
    value: create(TransferSucceededSchema, {
      meta,
      escrowId: settlement.escrowId,
      rail: Rail.USDC_BASE,
      providerTransferId: payout.txHash ?? '',
      amountMinor: payout.amountMinor,
      feeMinor: fee?.amountMinor ?? 0n,
      currency: Currency.USDC,
      txHash: payout.txHash ?? '',
    }),
  });
}

async function finishRefund(tx: Queryable, settlement: UsdcSettlement, now: Date): Promise<void> {
  const refund = await liveTransferOf(tx, settlement.escrowId, 'REFUND');
  const meta = metaOf(settlement, now);
  if (refund === undefined) {
    await closeSettlement(
      tx,
      settlement,
      { status: 'FAILED', failureCode: 'REFUND_REVERTED' },
      now,
    );
    await emitPaymentEvent(tx, {
      case: 'refundFailed',
      value: create(RefundFailedSchema, {
        meta,
        escrowId: settlement.escrowId,
        rail: Rail.USDC_BASE,
        failureCode: 'REFUND_REVERTED',
        failureMessage: 'the USDC refund to the buyer reverted on chain; nothing was returned',
      }),
    });
    return;
  }
  if (refund.status !== 'CONFIRMED') return;
  await closeSettlement(tx, settlement, { status: 'SUCCEEDED' }, now);
  const firstReport = await bookMovement(tx, {
    escrowId: settlement.escrowId,
    movement: 'REFUND',
    currency: 'USDC',
    providerRef: refund.txHash ?? refund.idempotencyKey,
    lines: refundLines(refund.amountMinor),
  });
  if (!firstReport) return;
  await emitPaymentEvent(tx, {
    case: 'refundSucceeded',
    value: create(RefundSucceededSchema, {
      meta,
      escrowId: settlement.escrowId,
      rail: Rail.USDC_BASE,
      providerRefundId: refund.txHash ?? '',
      amountMinor: refund.amountMinor,
      currency: Currency.USDC,
      txHash: refund.txHash ?? '',
    }),
  });
}

/** Events of a settlement are caused by the command that asked for it, in its trade. */
function metaOf(settlement: UsdcSettlement, now: Date): EventMeta {
  return createMeta({
    eventId: newId(),
    occurredAt: now,
    traceId: settlement.traceId,
    correlationId: settlement.correlationId,
    causationId: settlement.causeEventId,
  });
}

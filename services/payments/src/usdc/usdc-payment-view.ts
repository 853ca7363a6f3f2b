import type { Queryable } from '@bloxtr8/db';
import { confirmationsOf } from '../rails/usdc-base/usdc-base.mapping.ts';
import { readChainCursor } from '../store/chain-cursor.ts';
import type { DepositStatus } from '../store/usdc-deposits.ts';
import { depositsOfEscrow } from '../store/usdc-deposits.ts';
import { findUsdcEscrow } from '../store/usdc-escrows.ts';
import type { UsdcTransferKind, UsdcTransferStatus } from '../store/usdc-transfers.ts';
import { transfersOfEscrow } from '../store/usdc-transfers.ts';

export interface UsdcDepositView {
  readonly depositId: string;
  readonly txHash: string;
  readonly senderAddress: string;
  readonly amountMinor: bigint;
  readonly status: DepositStatus;
  readonly confirmations: number;
  readonly creditedMinor: bigint;
  readonly returnedMinor: bigint;
}

export interface UsdcTransferView {
  readonly kind: UsdcTransferKind;
  readonly toAddress: string;
  readonly amountMinor: bigint;
  readonly status: UsdcTransferStatus;
  readonly txHash: string | null;
  readonly confirmations: number;
}

/** What the escrow view shows of a USDC payment: where to pay, how much, and every transaction. */
export interface UsdcPaymentView {
  readonly depositAddress: string;
  readonly amountDueMinor: bigint;
  /** What accepted deposits count towards the amount so far. */
  readonly receivedMinor: bigint;
  readonly confirmationsRequired: number;
  readonly deposits: readonly UsdcDepositView[];
  readonly transfers: readonly UsdcTransferView[];
}

/**
 * The escrow's USDC payment as payments knows it, with confirmations counted against the head the
 * chain watcher last saw; undefined for an escrow on another rail.
 */
export async function findUsdcPaymentView(
  db: Queryable,
  escrowId: string,
): Promise<UsdcPaymentView | undefined> {
  const escrow = await findUsdcEscrow(db, escrowId);
  if (escrow === undefined) return undefined;
  const [deposits, transfers, cursor] = await Promise.all([
    depositsOfEscrow(db, escrowId),
    transfersOfEscrow(db, escrowId),
    readChainCursor(db),
  ]);
  const depth = (block: bigint | null) =>
    cursor === undefined || block === null ? 0 : confirmationsOf(cursor.headNumber, block);
  return {
    depositAddress: escrow.depositAddress,
    amountDueMinor: escrow.amountMinor,
    receivedMinor: deposits.reduce((sum, deposit) => sum + deposit.creditedMinor, 0n),
    confirmationsRequired: escrow.confirmationsRequired,
    deposits: deposits
      .filter((deposit) => deposit.status !== 'REORGED')
      .map((deposit) => ({
        depositId: deposit.id,
        txHash: deposit.txHash,
        senderAddress: deposit.senderAddress,
        amountMinor: deposit.amountMinor,
        status: deposit.status,
        confirmations: depth(deposit.blockNumber),
        creditedMinor: deposit.creditedMinor,
        returnedMinor: deposit.returnedMinor,
      })),
    transfers: transfers.map((transfer) => ({
      kind: transfer.kind,
      toAddress: transfer.toAddress,
      amountMinor: transfer.amountMinor,
      status: transfer.status,
      txHash: transfer.txHash,
      confirmations: depth(transfer.blockNumber),
    })),
  };
}

/** A deposit waiting for a moderator, with the screening that put it there. */
export interface DepositInReview {
  readonly depositId: string;
  readonly escrowId: string;
  readonly txHash: string;
  readonly senderAddress: string;
  readonly amountMinor: bigint;
  readonly riskScore: number | null;
  readonly seenAt: Date;
}

/** Deposits waiting for a moderator (senders scored 50–80), oldest first: the review queue. */
export async function listDepositsInReview(
  db: Queryable,
  limit: number,
): Promise<DepositInReview[]> {
  const { rows } = await db.query<{
    id: string;
    escrow_id: string;
    tx_hash: string;
    sender_address: string;
    amount_minor: bigint;
    risk_score: number | null;
    seen_at: Date;
  }>(
    `select d.id, d.escrow_id, d.tx_hash, d.sender_address, d.amount_minor, s.risk_score, d.seen_at
     from payments.usdc_deposits d left join payments.wallet_screenings s on s.id = d.screening_id
     where d.status = 'IN_REVIEW' order by d.seen_at, d.id limit $1`,
    [limit],
  );
  return rows.map((row) => ({
    depositId: row.id,
    escrowId: row.escrow_id,
    txHash: row.tx_hash,
    senderAddress: row.sender_address,
    amountMinor: row.amount_minor,
    riskScore: row.risk_score,
    seenAt: row.seen_at,
  }));
}

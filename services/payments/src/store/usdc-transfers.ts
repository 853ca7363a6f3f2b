import type { Queryable } from '@bloxtr8/db';
import { newId } from '@bloxtr8/platform';

export type UsdcTransferKind = 'PAYOUT' | 'FEE' | 'REFUND' | 'RETURN';
export type UsdcTransferStatus = 'QUEUED' | 'SIGNED' | 'SENT' | 'CONFIRMED' | 'FAILED';

/** One USDC transfer out of a deposit address, from queued to confirmed. */
export interface UsdcTransfer {
  readonly id: string;
  readonly escrowId: string;
  readonly kind: UsdcTransferKind;
  readonly attempt: number | null;
  readonly depositId: string | null;
  readonly idempotencyKey: string;
  readonly toAddress: string;
  readonly amountMinor: bigint;
  readonly authorizationNonce: string;
  readonly status: UsdcTransferStatus;
  readonly rawTx: string | null;
  readonly txHash: string | null;
  readonly blockNumber: bigint | null;
}

interface TransferRow {
  id: string;
  escrow_id: string;
  kind: UsdcTransferKind;
  attempt: number | null;
  deposit_id: string | null;
  idempotency_key: string;
  to_address: string;
  amount_minor: bigint;
  authorization_nonce: string;
  status: UsdcTransferStatus;
  raw_tx: string | null;
  tx_hash: string | null;
  block_number: bigint | null;
}

const COLUMNS = `id, escrow_id, kind, attempt, deposit_id, idempotency_key, to_address,
  amount_minor, authorization_nonce, status, raw_tx, tx_hash, block_number`;

function toTransfer(row: TransferRow): UsdcTransfer {
  return {
    id: row.id,
    escrowId: row.escrow_id,
    kind: row.kind,
    attempt: row.attempt,
    depositId: row.deposit_id,
    idempotencyKey: row.idempotency_key,
    toAddress: row.to_address,
    amountMinor: row.amount_minor,
    authorizationNonce: row.authorization_nonce,
    status: row.status,
    rawTx: row.raw_tx,
    txHash: row.tx_hash,
    blockNumber: row.block_number,
  };
}

export interface TransferToQueue {
  readonly escrowId: string;
  readonly kind: UsdcTransferKind;
  readonly attempt?: number;
  readonly depositId?: string;
  readonly idempotencyKey: string;
  readonly toAddress: string;
  readonly amountMinor: bigint;
  readonly authorizationNonce: string;
}

/** Queues a transfer for signing; the same idempotency key twice queues it once. */
export async function queueTransfer(tx: Queryable, transfer: TransferToQueue): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into payments.usdc_transfers (id, escrow_id, kind, attempt, deposit_id,
       idempotency_key, to_address, amount_minor, authorization_nonce, status)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'QUEUED')
     on conflict (idempotency_key) do nothing`,
    [
      newId(),
      transfer.escrowId,
      transfer.kind,
      transfer.attempt ?? null,
      transfer.depositId ?? null,
      transfer.idempotencyKey,
      transfer.toAddress,
      transfer.amountMinor,
      transfer.authorizationNonce,
    ],
  );
  return rowCount > 0;
}

/** Transfers in `statuses`, oldest first; `locked` takes them for this transaction alone. */
export async function transfersWithStatus(
  db: Queryable,
  statuses: readonly UsdcTransferStatus[],
  limit: number,
  locked = false,
): Promise<UsdcTransfer[]> {
  const { rows } = await db.query<TransferRow>(
    `select ${COLUMNS} from payments.usdc_transfers where status = any($1)
     order by created_at, id limit $2 ${locked ? 'for update skip locked' : ''}`,
    [statuses, limit],
  );
  return rows.map(toTransfer);
}

export async function transfersOfEscrow(db: Queryable, escrowId: string): Promise<UsdcTransfer[]> {
  const { rows } = await db.query<TransferRow>(
    `select ${COLUMNS} from payments.usdc_transfers where escrow_id = $1 order by created_at, id`,
    [escrowId],
  );
  return rows.map(toTransfer);
}

/**
 * The escrow's transfer of `kind` that has paid or may still pay (not FAILED), whatever its
 * attempt: a new settlement attempt adopts it instead of paying again.
 */
export async function liveTransferOf(
  db: Queryable,
  escrowId: string,
  kind: UsdcTransferKind,
): Promise<UsdcTransfer | undefined> {
  const { rows } = await db.query<TransferRow>(
    `select ${COLUMNS} from payments.usdc_transfers
     where escrow_id = $1 and kind = $2 and status <> 'FAILED' order by created_at limit 1`,
    [escrowId, kind],
  );
  return rows[0] === undefined ? undefined : toTransfer(rows[0]);
}

export interface SignedRecord {
  readonly signerAddress: string;
  readonly signerNonce: number;
  readonly rawTx: string;
  readonly txHash: string;
}

/** Keeps the signed transaction, in the same transaction that took its nonce: before broadcast. */
export async function recordSigned(
  tx: Queryable,
  id: string,
  signed: SignedRecord,
  at: Date,
): Promise<void> {
  await tx.query(
    `update payments.usdc_transfers set status = 'SIGNED', signer_address = $2, signer_nonce = $3,
       raw_tx = $4, tx_hash = $5, signed_at = $6
     where id = $1 and status = 'QUEUED'`,
    [id, signed.signerAddress, signed.signerNonce, signed.rawTx, signed.txHash, at],
  );
}

export async function markSent(tx: Queryable, id: string, at: Date): Promise<void> {
  await tx.query(
    `update payments.usdc_transfers set status = 'SENT', sent_at = coalesce(sent_at, $2)
     where id = $1 and status = 'SIGNED'`,
    [id, at],
  );
}

/** Remembers where the transfer was mined (or forgets it again after a reorg). */
export async function recordMined(
  tx: Queryable,
  id: string,
  block: { readonly number: bigint; readonly hash: string } | null,
): Promise<void> {
  await tx.query(
    `update payments.usdc_transfers set status = 'SENT', block_number = $2, block_hash = $3
     where id = $1 and status in ('SIGNED', 'SENT')`,
    [id, block?.number ?? null, block?.hash ?? null],
  );
}

/** Closes a transfer; false when it was already closed (another pass did it). */
export async function settleTransfer(
  tx: Queryable,
  id: string,
  status: 'CONFIRMED' | 'FAILED',
  at: Date,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update payments.usdc_transfers set status = $2, settled_at = $3
     where id = $1 and status in ('SIGNED', 'SENT')`,
    [id, status, at],
  );
  return rowCount > 0;
}

/** A queued transfer, locked for signing; undefined when it is no longer queued or is taken. */
export async function lockQueuedTransfer(
  tx: Queryable,
  id: string,
): Promise<UsdcTransfer | undefined> {
  const { rows } = await tx.query<TransferRow>(
    `select ${COLUMNS} from payments.usdc_transfers where id = $1 and status = 'QUEUED'
     for update skip locked`,
    [id],
  );
  return rows[0] === undefined ? undefined : toTransfer(rows[0]);
}

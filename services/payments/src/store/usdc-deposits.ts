import type { Queryable } from '@bloxtr8/db';
import { newId } from '@bloxtr8/platform';

export type DepositStatus =
  | 'SEEN'
  | 'REORGED'
  | 'CONFIRMED'
  | 'ACCEPTED'
  | 'IN_REVIEW'
  | 'FROZEN'
  | 'REJECTED';

/** One USDC Transfer into a deposit address, and what became of it. */
export interface UsdcDeposit {
  readonly id: string;
  readonly escrowId: string;
  readonly depositAddress: string;
  readonly txHash: string;
  readonly logIndex: number;
  readonly blockNumber: bigint;
  readonly blockHash: string;
  readonly senderAddress: string;
  readonly amountMinor: bigint;
  readonly status: DepositStatus;
  readonly creditedMinor: bigint;
  readonly returnedMinor: bigint;
  readonly screeningId: string | null;
}

interface DepositRow {
  id: string;
  escrow_id: string;
  deposit_address: string;
  tx_hash: string;
  log_index: number;
  block_number: bigint;
  block_hash: string;
  sender_address: string;
  amount_minor: bigint;
  status: DepositStatus;
  credited_minor: bigint;
  returned_minor: bigint;
  screening_id: string | null;
}

const COLUMNS = `id, escrow_id, deposit_address, tx_hash, log_index, block_number, block_hash,
  sender_address, amount_minor, status, credited_minor, returned_minor, screening_id`;

function toDeposit(row: DepositRow): UsdcDeposit {
  return {
    id: row.id,
    escrowId: row.escrow_id,
    depositAddress: row.deposit_address,
    txHash: row.tx_hash,
    logIndex: row.log_index,
    blockNumber: row.block_number,
    blockHash: row.block_hash,
    senderAddress: row.sender_address,
    amountMinor: row.amount_minor,
    status: row.status,
    creditedMinor: row.credited_minor,
    returnedMinor: row.returned_minor,
    screeningId: row.screening_id,
  };
}

export interface SeenTransfer {
  readonly escrowId: string;
  readonly depositAddress: string;
  readonly txHash: string;
  readonly logIndex: number;
  readonly blockNumber: bigint;
  readonly blockHash: string;
  readonly senderAddress: string;
  readonly amountMinor: bigint;
}

/**
 * Records a Transfer log into a deposit address, once per (transaction, log). A log seen again
 * in another block (its transaction re-mined after a reorg) moves there and waits for its
 * confirmations anew; a deposit already past that is left alone.
 */
export async function recordSeenDeposit(tx: Queryable, seen: SeenTransfer): Promise<void> {
  await tx.query(
    `insert into payments.usdc_deposits (id, escrow_id, deposit_address, tx_hash, log_index,
       block_number, block_hash, sender_address, amount_minor, status)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'SEEN')
     on conflict (tx_hash, log_index) do update
       set block_number = excluded.block_number, block_hash = excluded.block_hash, status = 'SEEN'
       where payments.usdc_deposits.status in ('SEEN', 'REORGED')`,
    [
      newId(),
      seen.escrowId,
      seen.depositAddress,
      seen.txHash,
      seen.logIndex,
      seen.blockNumber,
      seen.blockHash,
      seen.senderAddress,
      seen.amountMinor,
    ],
  );
}

export async function depositsWithStatus(
  db: Queryable,
  status: DepositStatus,
  limit: number,
): Promise<UsdcDeposit[]> {
  const { rows } = await db.query<DepositRow>(
    `select ${COLUMNS} from payments.usdc_deposits where status = $1
     order by block_number, log_index limit $2`,
    [status, limit],
  );
  return rows.map(toDeposit);
}

/** Moves a deposit on from `from` to `to`; false when it was no longer `from` (someone else did). */
export async function moveDeposit(
  tx: Queryable,
  id: string,
  from: DepositStatus,
  to: DepositStatus,
  at: Date,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update payments.usdc_deposits set status = $3,
       confirmed_at = case when $3 = 'CONFIRMED' then $4 else confirmed_at end
     where id = $1 and status = $2`,
    [id, from, to, at],
  );
  return rowCount > 0;
}

/** The deposit, locked, for deciding what becomes of it. */
export async function lockDeposit(tx: Queryable, id: string): Promise<UsdcDeposit | undefined> {
  const { rows } = await tx.query<DepositRow>(
    `select ${COLUMNS} from payments.usdc_deposits where id = $1 for update`,
    [id],
  );
  return rows[0] === undefined ? undefined : toDeposit(rows[0]);
}

export interface DepositDecision {
  readonly status: DepositStatus;
  readonly creditedMinor: bigint;
  readonly returnedMinor: bigint;
  readonly screeningId?: string;
  readonly decidedBy?: string;
}

export async function decideDeposit(
  tx: Queryable,
  id: string,
  decision: DepositDecision,
  at: Date,
): Promise<void> {
  await tx.query(
    `update payments.usdc_deposits
        set status = $2, credited_minor = $3, returned_minor = $4,
            screening_id = coalesce($5, screening_id), decided_by = coalesce($6, decided_by),
            decided_at = $7
      where id = $1`,
    [
      id,
      decision.status,
      decision.creditedMinor,
      decision.returnedMinor,
      decision.screeningId ?? null,
      decision.decidedBy ?? null,
      at,
    ],
  );
}

export async function depositsOfEscrow(db: Queryable, escrowId: string): Promise<UsdcDeposit[]> {
  const { rows } = await db.query<DepositRow>(
    `select ${COLUMNS} from payments.usdc_deposits where escrow_id = $1
     order by block_number, log_index`,
    [escrowId],
  );
  return rows.map(toDeposit);
}

/** What of the escrow's deposits counts towards it so far. */
export async function creditedMinorOf(tx: Queryable, escrowId: string): Promise<bigint> {
  const { rows } = await tx.query<{ credited: bigint }>(
    `select coalesce(sum(credited_minor), 0)::int8 as credited from payments.usdc_deposits
     where escrow_id = $1 and status = 'ACCEPTED'`,
    [escrowId],
  );
  return rows[0]?.credited ?? 0n;
}

import type { Queryable } from '@bloxtr8/db';

/** A USDC escrow as payments knows it: what it is owed and where the buyer pays it. */
export interface UsdcEscrow {
  readonly escrowId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly correlationId: string;
  readonly depositAddress: string;
  readonly amountMinor: bigint;
  readonly confirmationsRequired: number;
  readonly fundedAt: Date | null;
  readonly fundingTxHash: string | null;
  readonly cancelRequestedAt: Date | null;
}

interface UsdcEscrowRow {
  escrow_id: string;
  buyer_id: string;
  seller_id: string;
  correlation_id: string;
  deposit_address: string;
  amount_minor: bigint;
  confirmations_required: number;
  funded_at: Date | null;
  funding_tx_hash: string | null;
  cancel_requested_at: Date | null;
}

const COLUMNS = `escrow_id, buyer_id, seller_id, correlation_id, deposit_address, amount_minor,
  confirmations_required, funded_at, funding_tx_hash, cancel_requested_at`;

function toEscrow(row: UsdcEscrowRow): UsdcEscrow {
  return {
    escrowId: row.escrow_id,
    buyerId: row.buyer_id,
    sellerId: row.seller_id,
    correlationId: row.correlation_id,
    depositAddress: row.deposit_address,
    amountMinor: row.amount_minor,
    confirmationsRequired: row.confirmations_required,
    fundedAt: row.funded_at,
    fundingTxHash: row.funding_tx_hash,
    cancelRequestedAt: row.cancel_requested_at,
  };
}

/** Remembers a USDC escrow and its deposit address; the same escrow twice is a no-op. */
export async function saveUsdcEscrow(
  tx: Queryable,
  escrow: Pick<
    UsdcEscrow,
    | 'escrowId'
    | 'buyerId'
    | 'sellerId'
    | 'correlationId'
    | 'depositAddress'
    | 'amountMinor'
    | 'confirmationsRequired'
  >,
): Promise<void> {
  await tx.query(
    `insert into payments.usdc_escrows (escrow_id, buyer_id, seller_id, correlation_id,
       deposit_address, amount_minor, confirmations_required)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (escrow_id) do nothing`,
    [
      escrow.escrowId,
      escrow.buyerId,
      escrow.sellerId,
      escrow.correlationId,
      escrow.depositAddress,
      escrow.amountMinor,
      escrow.confirmationsRequired,
    ],
  );
}

export async function findUsdcEscrow(
  db: Queryable,
  escrowId: string,
): Promise<UsdcEscrow | undefined> {
  const { rows } = await db.query<UsdcEscrowRow>(
    `select ${COLUMNS} from payments.usdc_escrows where escrow_id = $1`,
    [escrowId],
  );
  return rows[0] === undefined ? undefined : toEscrow(rows[0]);
}

/** The escrow, locked: deposits of one escrow are credited one at a time. */
export async function lockUsdcEscrow(
  tx: Queryable,
  escrowId: string,
): Promise<UsdcEscrow | undefined> {
  const { rows } = await tx.query<UsdcEscrowRow>(
    `select ${COLUMNS} from payments.usdc_escrows where escrow_id = $1 for update`,
    [escrowId],
  );
  return rows[0] === undefined ? undefined : toEscrow(rows[0]);
}

export async function markUsdcFunded(
  tx: Queryable,
  escrowId: string,
  txHash: string,
  at: Date,
): Promise<void> {
  await tx.query(
    `update payments.usdc_escrows set funded_at = $3, funding_tx_hash = $2, updated_at = $3
     where escrow_id = $1 and funded_at is null`,
    [escrowId, txHash, at],
  );
}

export async function markUsdcCancelRequested(
  tx: Queryable,
  escrowId: string,
  at: Date,
): Promise<void> {
  await tx.query(
    `update payments.usdc_escrows set cancel_requested_at = coalesce(cancel_requested_at, $2),
       updated_at = $2 where escrow_id = $1`,
    [escrowId, at],
  );
}

/**
 * The deposit addresses the chain watcher follows: every USDC escrow's of the last `windowMs`,
 * funded or not, since money sent late or twice must still be seen to be returned.
 */
export async function watchedDepositAddresses(db: Queryable, since: Date): Promise<string[]> {
  const { rows } = await db.query<{ deposit_address: string }>(
    `select deposit_address from payments.usdc_escrows where created_at >= $1
     order by created_at`,
    [since],
  );
  return rows.map((row) => row.deposit_address);
}

/** The escrow a deposit address belongs to. */
export async function escrowIdsByAddress(
  db: Queryable,
  addresses: readonly string[],
): Promise<Map<string, string>> {
  const { rows } = await db.query<{ deposit_address: string; escrow_id: string }>(
    'select deposit_address, escrow_id from payments.usdc_escrows where deposit_address = any($1)',
    [addresses],
  );
  return new Map(rows.map((row) => [row.deposit_address, row.escrow_id]));
}

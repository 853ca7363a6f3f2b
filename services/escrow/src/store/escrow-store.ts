import type { CurrencyCode, RailName } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import type { Escrow, EscrowStatus, Settlement } from '../domain/escrow.ts';

interface EscrowRow {
  id: string;
  contract_id: string;
  offer_id: string;
  listing_id: string;
  buyer_id: string;
  seller_id: string;
  amount_minor: bigint;
  currency: CurrencyCode;
  rail: RailName;
  network: 'BASE' | null;
  seller_payout_ref: string;
  state: EscrowStatus;
  settlement: (Omit<Settlement, 'feeMinor'> & { feeMinor: string }) | null;
  settlement_attempts: number;
  provider_payment_id: string | null;
  version: number;
  state_entered_at: Date;
  funding_deadline_at: Date | null;
  auto_release_at: Date | null;
  disputed_at: Date | null;
  dispute_alerted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

function toEscrow(row: EscrowRow): Escrow {
  return {
    terms: {
      escrowId: row.id,
      contractId: row.contract_id,
      offerId: row.offer_id,
      listingId: row.listing_id,
      buyerId: row.buyer_id,
      sellerId: row.seller_id,
      amountMinor: row.amount_minor,
      currency: row.currency,
      rail: row.rail,
      network: row.network,
      sellerPayoutRef: row.seller_payout_ref,
    },
    status: row.state,
    providerPaymentId: row.provider_payment_id,
    settlement:
      row.settlement === null
        ? null
        : { ...row.settlement, feeMinor: BigInt(row.settlement.feeMinor) },
    settlementAttempts: row.settlement_attempts,
    version: row.version,
    stateEnteredAt: row.state_entered_at,
    fundingDeadlineAt: row.funding_deadline_at,
    autoReleaseAt: row.auto_release_at,
    disputedAt: row.disputed_at,
    disputeAlertedAt: row.dispute_alerted_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Loads an escrow and locks its row until the transaction ends: every writer of one escrow
 * (command handlers on any replica, the timeout sweeper) queues here, which is what keeps its
 * events, and its outbox rows, in order.
 */
export async function loadEscrowForUpdate(tx: Queryable, escrowId: string): Promise<Escrow | null> {
  const { rows } = await tx.query<EscrowRow>(
    'select * from escrow.escrows where id = $1 for update',
    [escrowId],
  );
  return rows[0] === undefined ? null : toEscrow(rows[0]);
}

/**
 * Loads and locks several escrows at once, in id order: two batches locking overlapping escrows
 * take their locks in the same order, so they queue instead of deadlocking.
 */
export async function loadEscrowsForUpdate(
  tx: Queryable,
  escrowIds: readonly string[],
): Promise<Map<string, Escrow>> {
  const { rows } = await tx.query<EscrowRow>(
    'select * from escrow.escrows where id = any($1::uuid[]) order by id for update',
    [[...new Set(escrowIds)]],
  );
  return new Map(rows.map((row) => [row.id, toEscrow(row)]));
}

export async function loadEscrow(db: Queryable, escrowId: string): Promise<Escrow | null> {
  const { rows } = await db.query<EscrowRow>('select * from escrow.escrows where id = $1', [
    escrowId,
  ]);
  return rows[0] === undefined ? null : toEscrow(rows[0]);
}

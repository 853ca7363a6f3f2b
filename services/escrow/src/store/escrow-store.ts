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

export async function loadEscrow(db: Queryable, escrowId: string): Promise<Escrow | null> {
  const { rows } = await db.query<EscrowRow>('select * from escrow.escrows where id = $1', [
    escrowId,
  ]);
  return rows[0] === undefined ? null : toEscrow(rows[0]);
}

/** Writes the escrow's new state; `previousVersion` 0 means it is new. */
export async function saveEscrow(
  tx: Queryable,
  escrow: Escrow,
  previousVersion: number,
): Promise<void> {
  const { terms } = escrow;
  const settlement =
    escrow.settlement === null
      ? null
      : JSON.stringify({ ...escrow.settlement, feeMinor: escrow.settlement.feeMinor.toString() });
  const mutable = [
    escrow.status,
    settlement,
    escrow.settlementAttempts,
    escrow.providerPaymentId,
    escrow.version,
    escrow.stateEnteredAt,
    escrow.fundingDeadlineAt,
    escrow.autoReleaseAt,
    escrow.disputedAt,
    escrow.disputeAlertedAt,
    escrow.updatedAt,
  ] as const;
  if (previousVersion === 0) {
    await tx.query(
      `insert into escrow.escrows (state, settlement, settlement_attempts, provider_payment_id, version,
         state_entered_at, funding_deadline_at, auto_release_at, disputed_at, dispute_alerted_at, updated_at,
         id, contract_id, offer_id, listing_id, buyer_id, seller_id, amount_minor, currency, rail, network,
         seller_payout_ref, created_at)
       values ($1, $2::jsonb, $3, $4, $5, $6, $7, $8, $9, $10, $11,
         $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
      [
        ...mutable,
        terms.escrowId,
        terms.contractId,
        terms.offerId,
        terms.listingId,
        terms.buyerId,
        terms.sellerId,
        terms.amountMinor,
        terms.currency,
        terms.rail,
        terms.network,
        terms.sellerPayoutRef,
        escrow.createdAt,
      ],
    );
    return;
  }
  const { rowCount } = await tx.query(
    `update escrow.escrows set state = $1, settlement = $2::jsonb, settlement_attempts = $3,
       provider_payment_id = $4, version = $5, state_entered_at = $6, funding_deadline_at = $7,
       auto_release_at = $8, disputed_at = $9, dispute_alerted_at = $10, updated_at = $11
     where id = $12 and version = $13`,
    [...mutable, terms.escrowId, previousVersion],
  );
  if (rowCount !== 1)
    throw new Error(`escrow ${terms.escrowId} changed under a lock (version ${previousVersion})`);
}

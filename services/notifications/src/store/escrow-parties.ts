import type { Queryable } from '@bloxtr8/db';

export interface EscrowParties {
  readonly escrowId: string;
  readonly contractId: string | null;
  readonly listingId: string | null;
  readonly buyerId: string;
  readonly sellerId: string;
}

/** Remembers who trades in an escrow (from EscrowCreated); the same twice changes nothing. */
export async function rememberEscrowParties(tx: Queryable, parties: EscrowParties): Promise<void> {
  await tx.query(
    `insert into notifications.escrow_parties (escrow_id, contract_id, listing_id, buyer_id, seller_id)
     values ($1, $2, $3, $4, $5) on conflict (escrow_id) do nothing`,
    [parties.escrowId, parties.contractId, parties.listingId, parties.buyerId, parties.sellerId],
  );
}

export async function findEscrowParties(
  db: Queryable,
  escrowId: string,
): Promise<EscrowParties | undefined> {
  const { rows } = await db.query<{
    contract_id: string | null;
    listing_id: string | null;
    buyer_id: string;
    seller_id: string;
  }>(
    `select contract_id, listing_id, buyer_id, seller_id from notifications.escrow_parties
     where escrow_id = $1`,
    [escrowId],
  );
  const row = rows[0];
  return row === undefined
    ? undefined
    : {
        escrowId,
        contractId: row.contract_id,
        listingId: row.listing_id,
        buyerId: row.buyer_id,
        sellerId: row.seller_id,
      };
}

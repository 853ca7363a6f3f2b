import type { Queryable } from '@bloxtr8/db';
import { isUuid } from '@bloxtr8/platform';

/** Who trades in an escrow: what the gateway checks before it sends a command. */
export interface EscrowParties {
  readonly escrowId: string;
  readonly contractId: string | null;
  readonly buyerId: string | null;
  readonly sellerId: string | null;
}

interface PartiesRow {
  readonly contract_id: string | null;
  readonly buyer_id: string | null;
  readonly seller_id: string | null;
}

/** One primary-key read; undefined for an escrow not yet projected (or an unknown id). */
export async function getEscrowParties(
  db: Queryable,
  escrowId: string,
): Promise<EscrowParties | undefined> {
  if (!isUuid(escrowId)) return undefined;
  const { rows } = await db.query<PartiesRow>(
    'select contract_id, buyer_id, seller_id from projections.escrow_views where escrow_id = $1',
    [escrowId],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    escrowId: escrowId.toLowerCase(),
    contractId: row.contract_id,
    buyerId: row.buyer_id,
    sellerId: row.seller_id,
  };
}

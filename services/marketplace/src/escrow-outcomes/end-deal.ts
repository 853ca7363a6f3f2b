import type { Queryable } from '@bloxtr8/db';
import { auditContract, PLATFORM_ACTOR } from '../contracts/contract-audit.ts';

/** Why a contract's deal ended without a sale. */
export type DealEndReason = 'ESCROW_CANCELLED' | 'ESCROW_REFUNDED';

/**
 * The escrow a contract opened was cancelled or refunded: the game did not change hands, so the
 * contract no longer holds its listing (the listing takes offers again; see hasStandingDeal).
 * Audited once; a repeated end changes nothing. Escrows no contract opened are not ours.
 */
export async function endDeal(
  tx: Queryable,
  escrowId: string,
  options: { readonly reason: DealEndReason; readonly at: Date },
): Promise<void> {
  const { rows } = await tx.query<{ id: string; listing_id: string }>(
    `update marketplace.contracts set deal_ended_at = $2, deal_end_reason = $3
     where escrow_id = $1 and deal_ended_at is null
     returning id, listing_id`,
    [escrowId, options.at, options.reason],
  );
  const contract = rows[0];
  if (contract === undefined) return;
  await auditContract(tx, 'contract.deal_end', contract.id, PLATFORM_ACTOR, {
    escrowId,
    listingId: contract.listing_id,
    reason: options.reason,
  });
}

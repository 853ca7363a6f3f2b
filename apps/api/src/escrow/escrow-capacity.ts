import type { EscrowParties } from '@bloxtr8/projections';
import type { Principal } from '../auth/principal.ts';
import { isStaff } from '../auth/principal.ts';

/** In which capacity a caller deals with one escrow; null when it is none of theirs. */
export type EscrowCapacity = 'BUYER' | 'SELLER' | 'STAFF';

/**
 * A party acts as that party even when they are also staff: a moderator's own trade is theirs to
 * trade, not to judge. Staff see every escrow.
 */
export function capacityOf(
  parties: Pick<EscrowParties, 'buyerId' | 'sellerId'>,
  principal: Principal,
): EscrowCapacity | null {
  if (parties.buyerId === principal.userId) return 'BUYER';
  if (parties.sellerId === principal.userId) return 'SELLER';
  return isStaff(principal) ? 'STAFF' : null;
}

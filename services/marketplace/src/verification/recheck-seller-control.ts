import type { Database, Queryable } from '@bloxtr8/db';
import type { RequestContext } from '@bloxtr8/identity';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import { withdrawListing } from '../listings/change-listing.ts';
import type { Listing } from '../listings/listing.ts';
import type { RobloxFailure } from '../roblox/roblox-client.ts';
import type { OwnershipRecheck, RobloxReader } from './verify-game-ownership.ts';
import { verifyGameOwnership } from './verify-game-ownership.ts';

/**
 * OWNERSHIP_LOST: the seller no longer controls the listing's game (Roblox says so now); the
 * listing was taken off sale. SELLER_RELINK_REQUIRED: the game is a group's and the seller must
 * link their Roblox account again before their role can be read. Otherwise Roblox could not
 * answer (RobloxFailure): nothing changed, the caller may try again.
 */
export const RECHECK_FAILURES = [
  'OWNERSHIP_LOST',
  'SELLER_RELINK_REQUIRED',
  'ROBLOX_UNAVAILABLE',
  'ROBLOX_RATE_LIMITED',
] as const satisfies readonly ('OWNERSHIP_LOST' | 'SELLER_RELINK_REQUIRED' | RobloxFailure)[];
export type RecheckFailure = (typeof RECHECK_FAILURES)[number];

/** Whether a use case's failure is the seller's control not holding. */
export function isRecheckFailure(failure: string): failure is RecheckFailure {
  return (RECHECK_FAILURES as readonly string[]).includes(failure);
}

export interface RecheckSellerControlOptions {
  readonly listing: Pick<Listing, 'id' | 'sellerId' | 'universeId'>;
  readonly moment: OwnershipRecheck;
  /** The request that led to the re-check (an acceptance, a signature), for the audit. */
  readonly context: RequestContext;
  /** Runs in the transaction that withdraws the listing, when control was lost. */
  readonly onLost?: (tx: Queryable, at: Date) => Promise<void>;
}

/**
 * ADR 0015: asks Roblox, past the 24-hour cache, whether the seller of the listing still controls
 * its game, at the moments a trade binds them. A seller who lost control gets their listing
 * withdrawn (audited) and the fresh negative answer replaces the cached positive one, so the game
 * cannot be listed again from the cache either.
 */
export async function recheckSellerControl(
  db: Database,
  roblox: RobloxReader,
  clock: Clock,
  options: RecheckSellerControlOptions,
): Promise<Result<void, RecheckFailure>> {
  const { listing } = options;
  const checked = await verifyGameOwnership(db, roblox, clock, {
    userId: listing.sellerId,
    universeId: listing.universeId,
    context: options.context,
    recheck: options.moment,
  });
  if (checked.ok && checked.value.verification.verified) return ok(undefined);
  if (!checked.ok) {
    switch (checked.error) {
      case 'ROBLOX_GRANT_MISSING':
        return err('SELLER_RELINK_REQUIRED');
      case 'ROBLOX_UNAVAILABLE':
      case 'ROBLOX_RATE_LIMITED':
        return err(checked.error);
      // An unlinked seller or a game Roblox no longer knows: control is lost just the same.
      case 'ROBLOX_NOT_LINKED':
      case 'GAME_NOT_FOUND':
        break;
    }
  }
  await db.transaction(async (tx) => {
    const at = clock.now();
    await withdrawListing(tx, listing.id, { reason: 'OWNERSHIP_LOST', moment: options.moment, at });
    await options.onLost?.(tx, at);
  });
  return err('OWNERSHIP_LOST');
}

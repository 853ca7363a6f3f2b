import { recordAudit } from '@bloxtr8/audit';
import type { Database, Queryable } from '@bloxtr8/db';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import { appendListingChanged } from '../events/marketplace-events.ts';
import type { Listing, ListingStatus } from './listing.ts';
import { findListing } from './listing.ts';
import type { MarketplaceActor } from './marketplace-actor.ts';
import { auditActor } from './marketplace-actor.ts';

/** LISTING_NOT_FOUND: no such listing. NOT_SELLER: the actor may not change it. */
export type ChangeListingFailure = 'LISTING_NOT_FOUND' | 'NOT_SELLER';

export interface ThreadChange {
  readonly channelId?: string | null | undefined;
  readonly threadId?: string | null | undefined;
}

/** The seller records where the listing is discussed on Discord (the bot's channel and thread). */
export async function updateListingThread(
  db: Database,
  clock: Clock,
  options: {
    readonly listingId: string;
    readonly actor: MarketplaceActor;
    readonly change: ThreadChange;
  },
): Promise<Result<Listing, ChangeListingFailure>> {
  const { listingId, actor, change } = options;
  return db.transaction(async (tx) => {
    const locked = await lockListing(tx, listingId);
    if (locked === undefined) return err('LISTING_NOT_FOUND');
    if (locked.sellerId !== actor.userId) return err('NOT_SELLER');
    await tx.query(
      `update marketplace.listings set
         channel_id = case when $2 then $3 else channel_id end,
         thread_id = case when $4 then $5 else thread_id end,
         updated_at = $6
       where id = $1`,
      [
        listingId,
        change.channelId !== undefined,
        change.channelId ?? null,
        change.threadId !== undefined,
        change.threadId ?? null,
        clock.now(),
      ],
    );
    await auditActor(tx, actor, {
      action: 'marketplace.listing.thread',
      subjectType: 'listing',
      subjectId: listingId,
      detail: { channelId: change.channelId ?? null, threadId: change.threadId ?? null },
    });
    return ok(await mustFindListing(tx, listingId));
  });
}

/**
 * Takes a listing off sale: ACTIVE → INACTIVE, by its seller or staff. Idempotent: an INACTIVE
 * listing answers as it is. LISTING_SOLD: a sold listing stays SOLD.
 */
export async function deactivateListing(
  db: Database,
  clock: Clock,
  options: { readonly listingId: string; readonly actor: MarketplaceActor },
): Promise<Result<Listing, ChangeListingFailure | 'LISTING_SOLD'>> {
  const { listingId, actor } = options;
  return db.transaction(async (tx) => {
    const locked = await lockListing(tx, listingId);
    if (locked === undefined) return err('LISTING_NOT_FOUND');
    const bySeller = locked.sellerId === actor.userId;
    if (!bySeller && !actor.staff) return err('NOT_SELLER');
    if (locked.status === 'SOLD') return err('LISTING_SOLD');
    if (locked.status === 'ACTIVE') {
      await tx.query(
        `update marketplace.listings set status = 'INACTIVE', updated_at = $2 where id = $1`,
        [listingId, clock.now()],
      );
      await appendListingChanged(tx, listingId, 'INACTIVE', clock.now());
      await auditActor(
        tx,
        actor,
        {
          action: 'marketplace.listing.deactivate',
          subjectType: 'listing',
          subjectId: listingId,
          detail: { sellerId: locked.sellerId, bySeller },
        },
        bySeller ? 'USER' : 'ADMIN',
      );
    }
    return ok(await mustFindListing(tx, listingId));
  });
}

/**
 * The platform takes a listing off sale (ACTIVE → INACTIVE) in the caller's transaction because
 * its seller no longer controls the game, audited as the platform's act with the moment the
 * re-check found it. An INACTIVE or SOLD listing stays as it is.
 */
export async function withdrawListing(
  tx: Queryable,
  listingId: string,
  options: { readonly reason: 'OWNERSHIP_LOST'; readonly moment: string; readonly at: Date },
): Promise<void> {
  const locked = await lockListing(tx, listingId);
  if (locked?.status !== 'ACTIVE') return;
  await tx.query(
    `update marketplace.listings set status = 'INACTIVE', updated_at = $2 where id = $1`,
    [listingId, options.at],
  );
  await recordAudit(tx, {
    actorType: 'SYSTEM',
    actorId: null,
    action: 'marketplace.listing.deactivate',
    subjectType: 'listing',
    subjectId: listingId,
    ip: null,
    userAgent: null,
    requestId: null,
    traceId: null,
    detail: { sellerId: locked.sellerId, reason: options.reason, moment: options.moment },
  });
}

/**
 * The game changed hands: ACTIVE or INACTIVE → SOLD, in the caller's transaction (the one that
 * records the escrow's release). Every cached verification of the game ends with it: whoever
 * lists it next, the old owner included, is checked with Roblox again. Idempotent: `changed` is
 * false when it was SOLD already.
 */
export async function markListingSold(
  tx: Queryable,
  listingId: string,
  options: { readonly at?: Date; readonly escrowId?: string } = {},
): Promise<Result<{ readonly changed: boolean }, 'LISTING_NOT_FOUND'>> {
  const locked = await lockListing(tx, listingId);
  if (locked === undefined) return err('LISTING_NOT_FOUND');
  if (locked.status === 'SOLD') return ok({ changed: false });
  await tx.query(
    `update marketplace.listings set status = 'SOLD', updated_at = coalesce($2, now()) where id = $1`,
    [listingId, options.at ?? null],
  );
  await appendListingChanged(tx, listingId, 'SOLD', options.at ?? new Date());
  await tx.query(
    `update marketplace.asset_verifications set expires_at = least(expires_at, coalesce($2, now()))
     where universe_id = (select universe_id from marketplace.listings where id = $1)`,
    [listingId, options.at ?? null],
  );
  await recordAudit(tx, {
    actorType: 'SYSTEM',
    actorId: null,
    action: 'marketplace.listing.sold',
    subjectType: 'listing',
    subjectId: listingId,
    ip: null,
    userAgent: null,
    requestId: null,
    traceId: null,
    detail: { previousStatus: locked.status, escrowId: options.escrowId ?? null },
  });
  return ok({ changed: true });
}

async function lockListing(
  tx: Queryable,
  listingId: string,
): Promise<{ sellerId: string; status: ListingStatus } | undefined> {
  const { rows } = await tx.query<{ seller_id: string; status: ListingStatus }>(
    'select seller_id, status from marketplace.listings where id = $1 for update',
    [listingId],
  );
  return rows[0] === undefined
    ? undefined
    : { sellerId: rows[0].seller_id, status: rows[0].status };
}

async function mustFindListing(tx: Queryable, listingId: string): Promise<Listing> {
  const listing = await findListing(tx, listingId);
  if (listing === undefined) throw new Error(`listing ${listingId} vanished under its lock`);
  return listing;
}

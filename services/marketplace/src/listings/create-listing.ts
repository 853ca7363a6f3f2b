import type { Database, Queryable } from '@bloxtr8/db';
import type { RequestContext } from '@bloxtr8/identity';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, newId, ok } from '@bloxtr8/platform';
import { appendListingCreated } from '../events/marketplace-events.ts';
import type { RobloxReader, VerifyGameFailure } from '../verification/verify-game-ownership.ts';
import { verifyGameOwnership } from '../verification/verify-game-ownership.ts';
import type { Listing, ListingVisibility } from './listing.ts';
import { findListing, LISTING_PRICE_MINOR_MAX } from './listing.ts';
import { auditActor } from './marketplace-actor.ts';

export interface CreateListingOptions {
  readonly sellerId: string;
  readonly universeId: string;
  readonly title: string;
  readonly summary: string;
  readonly priceMinor: bigint;
  readonly category: string;
  readonly visibility: ListingVisibility;
  /** The Discord server the listing is posted in; required for PRIVATE. */
  readonly guildId: string | null;
  /** The server's name, remembered the first time a listing is posted there. */
  readonly guildName: string | null;
  readonly channelId: string | null;
  readonly threadId: string | null;
  readonly context: RequestContext;
}

/**
 * GUILD_REQUIRED: PRIVATE without a server. LISTING_EXISTS: the game has an ACTIVE listing
 * already. GAME_NOT_OWNED: the seller does not control the game. The rest: the ownership check
 * could not be made (see verifyGameOwnership).
 */
export type CreateListingFailure =
  | 'GUILD_REQUIRED'
  | 'LISTING_EXISTS'
  | 'GAME_NOT_OWNED'
  | VerifyGameFailure;

/**
 * Lists a game its seller controls (SPEC §3.3). Ownership comes from verifyGameOwnership (its
 * 24-hour cache, else Roblox), and the listing points at the snapshot that check captured; the
 * listing and its audit record commit together. One ACTIVE listing per game is the database's
 * rule, so two sellers racing for the same game get one listing and one LISTING_EXISTS.
 */
export async function createListing(
  db: Database,
  roblox: RobloxReader,
  clock: Clock,
  options: CreateListingOptions,
): Promise<Result<Listing, CreateListingFailure>> {
  if (options.priceMinor <= 0n || options.priceMinor > LISTING_PRICE_MINOR_MAX) {
    throw new Error('priceMinor is out of range: the gateway validates it');
  }
  if (options.visibility === 'PRIVATE' && options.guildId === null) return err('GUILD_REQUIRED');
  // Asking Roblox is slow and rate-limited: do not ask for a game that cannot be listed anyway.
  if (await hasActiveListing(db, options.universeId)) return err('LISTING_EXISTS');
  const verified = await verifyGameOwnership(db, roblox, clock, {
    userId: options.sellerId,
    universeId: options.universeId,
    context: options.context,
  });
  if (!verified.ok) return verified;
  const { verification, snapshot } = verified.value;
  if (!verification.verified || snapshot === null) return err('GAME_NOT_OWNED');
  const listingId = newId();
  const now = clock.now();
  const created = await db.transaction(async (tx) => {
    if (options.guildId !== null) await rememberGuild(tx, options.guildId, options.guildName);
    const inserted = await insertListing(tx, {
      ...options,
      id: listingId,
      snapshotId: snapshot.id,
      now,
    });
    if (!inserted) return false;
    const listing = await findListing(tx, listingId);
    if (listing !== undefined) await appendListingCreated(tx, listing, now);
    await auditActor(
      tx,
      { userId: options.sellerId, staff: false, context: options.context },
      {
        action: 'marketplace.listing.create',
        subjectType: 'listing',
        subjectId: listingId,
        detail: {
          universeId: options.universeId,
          snapshotId: snapshot.id,
          priceMinor: options.priceMinor.toString(),
          visibility: options.visibility,
          guildId: options.guildId,
          verificationMethod: verification.method,
        },
      },
    );
    return true;
  });
  if (!created) return err('LISTING_EXISTS');
  const listing = await findListing(db, listingId);
  if (listing === undefined) throw new Error(`listing ${listingId} vanished after its commit`);
  return ok(listing);
}

async function hasActiveListing(db: Queryable, universeId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from marketplace.listings where universe_id = $1 and status = 'ACTIVE'`,
    [universeId],
  );
  return rows.length > 0;
}

/** Servers are learnt from the listings posted in them; the first name given is kept. */
async function rememberGuild(tx: Queryable, guildId: string, name: string | null): Promise<void> {
  await tx.query(
    `insert into marketplace.guilds (id, name, installed_at) values ($1, $2, now())
     on conflict (id) do nothing`,
    [guildId, name ?? `Discord server ${guildId}`],
  );
}

/** False when the game got an ACTIVE listing meanwhile (the partial unique index). */
async function insertListing(
  tx: Queryable,
  listing: CreateListingOptions & { id: string; snapshotId: string; now: Date },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into marketplace.listings (id, seller_id, universe_id, snapshot_id, title, summary,
       price_minor, category, visibility, guild_id, channel_id, thread_id, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
     on conflict (universe_id) where status = 'ACTIVE' do nothing`,
    [
      listing.id,
      listing.sellerId,
      listing.universeId,
      listing.snapshotId,
      listing.title,
      listing.summary,
      listing.priceMinor,
      listing.category,
      listing.visibility,
      listing.guildId,
      listing.channelId,
      listing.threadId,
      listing.now,
    ],
  );
  return rowCount === 1;
}

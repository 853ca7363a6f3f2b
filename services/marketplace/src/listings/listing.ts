import type { Queryable } from '@bloxtr8/db';
import type { GameSnapshot } from '../verification/game-snapshot.ts';

export const LISTING_STATUSES = ['ACTIVE', 'INACTIVE', 'SOLD'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

/** PUBLIC: every server the bot is in; PRIVATE: only the listing's own server (SPEC §3.3). */
export const LISTING_VISIBILITIES = ['PUBLIC', 'PRIVATE'] as const;
export type ListingVisibility = (typeof LISTING_VISIBILITIES)[number];

/** Prices are integer cents; the upper bound keeps them far inside every rail's limits. */
export const LISTING_PRICE_MINOR_MAX = 100_000_000_000n;

/** A game for sale, with the snapshot of the game taken when its ownership was verified. */
export interface Listing {
  readonly id: string;
  readonly sellerId: string;
  readonly universeId: string;
  readonly snapshotId: string;
  readonly title: string;
  readonly summary: string;
  readonly priceMinor: bigint;
  readonly currency: 'USD';
  readonly category: string;
  readonly visibility: ListingVisibility;
  readonly guildId: string | null;
  readonly channelId: string | null;
  readonly threadId: string | null;
  readonly status: ListingStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly snapshot: GameSnapshot;
}

interface ListingRow {
  id: string;
  seller_id: string;
  universe_id: string;
  snapshot_id: string;
  title: string;
  summary: string;
  price_minor: bigint;
  category: string;
  visibility: ListingVisibility;
  guild_id: string | null;
  channel_id: string | null;
  thread_id: string | null;
  status: ListingStatus;
  created_at: Date;
  updated_at: Date;
  s_root_place_id: string | null;
  s_name: string;
  s_description: string;
  s_thumbnail_url: string | null;
  s_visits: string;
  s_playing: number;
  s_game_created_at: Date | null;
  s_captured_at: Date;
}

/** Listings (`l`) joined with their snapshots; add `where …` and `order by …`. */
export const SELECT_LISTINGS = `select l.id, l.seller_id, l.universe_id::text, l.snapshot_id, l.title,
    l.summary, l.price_minor, l.category, l.visibility, l.guild_id, l.channel_id, l.thread_id,
    l.status, l.created_at, l.updated_at, s.root_place_id::text as s_root_place_id, s.name as s_name,
    s.description as s_description, s.thumbnail_url as s_thumbnail_url, s.visits::text as s_visits,
    s.playing as s_playing, s.game_created_at as s_game_created_at, s.captured_at as s_captured_at
  from marketplace.listings l join marketplace.game_snapshots s on s.id = l.snapshot_id`;

export function listingOf(row: ListingRow): Listing {
  return {
    id: row.id,
    sellerId: row.seller_id,
    universeId: row.universe_id,
    snapshotId: row.snapshot_id,
    title: row.title,
    summary: row.summary,
    priceMinor: BigInt(row.price_minor),
    currency: 'USD',
    category: row.category,
    visibility: row.visibility,
    guildId: row.guild_id,
    channelId: row.channel_id,
    threadId: row.thread_id,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    snapshot: {
      id: row.snapshot_id,
      universeId: row.universe_id,
      rootPlaceId: row.s_root_place_id,
      name: row.s_name,
      description: row.s_description,
      thumbnailUrl: row.s_thumbnail_url,
      visits: Number(row.s_visits),
      playing: row.s_playing,
      gameCreatedAt: row.s_game_created_at,
      capturedAt: row.s_captured_at,
    },
  };
}

export async function findListing(db: Queryable, listingId: string): Promise<Listing | undefined> {
  const { rows } = await db.query<ListingRow>(`${SELECT_LISTINGS} where l.id = $1`, [listingId]);
  return rows[0] === undefined ? undefined : listingOf(rows[0]);
}

export async function selectListings(
  db: Queryable,
  where: string,
  params: Parameters<Queryable['query']>[1],
): Promise<Listing[]> {
  const { rows } = await db.query<ListingRow>(`${SELECT_LISTINGS} ${where}`, params);
  return rows.map(listingOf);
}

/** Who is looking at a listing, and from which Discord server (none on the web). */
export interface ListingViewer {
  readonly userId: string;
  readonly staff: boolean;
  readonly guildId: string | null;
}

/** The guild rule: a PRIVATE listing shows in its own server only (and to its seller and staff). */
export function isListingVisibleTo(listing: Listing, viewer: ListingViewer): boolean {
  return (
    listing.visibility === 'PUBLIC' ||
    listing.guildId === viewer.guildId ||
    listing.sellerId === viewer.userId ||
    viewer.staff
  );
}

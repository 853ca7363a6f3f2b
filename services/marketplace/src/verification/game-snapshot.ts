import type { Queryable } from '@bloxtr8/db';
import { newId } from '@bloxtr8/platform';
import type { RobloxUniverse } from '../roblox/roblox-client.ts';

/** A game as it was when its ownership was verified: what a listing shows and a buyer agrees to. */
export interface GameSnapshot {
  readonly id: string;
  readonly universeId: string;
  readonly rootPlaceId: string | null;
  readonly name: string;
  readonly description: string;
  readonly thumbnailUrl: string | null;
  readonly visits: number;
  readonly playing: number;
  readonly gameCreatedAt: Date | null;
  readonly capturedAt: Date;
}

/** Bounds on what Roblox sends (names are ≤ 50 characters, descriptions ≤ 1000 there). */
const NAME_LENGTH_MAX = 200;
const DESCRIPTION_LENGTH_MAX = 4_000;

/**
 * The snapshot of a universe at `capturedAt`. The icon URL is kept only when it is http(s):
 * it ends up in Discord embeds and web pages.
 */
export function buildGameSnapshot(
  universe: RobloxUniverse,
  iconUrl: string | null,
  capturedAt: Date,
): GameSnapshot {
  return {
    id: newId(),
    universeId: universe.id,
    rootPlaceId: universe.rootPlaceId,
    name: universe.name.slice(0, NAME_LENGTH_MAX),
    description: universe.description.slice(0, DESCRIPTION_LENGTH_MAX),
    thumbnailUrl: iconUrl !== null && isWebUrl(iconUrl) ? iconUrl : null,
    visits: universe.visits,
    playing: universe.playing,
    gameCreatedAt: universe.createdAt,
    capturedAt,
  };
}

function isWebUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

const SNAPSHOT_COLUMNS = `id, universe_id::text, root_place_id::text, name, description, thumbnail_url,
  visits::text, playing, game_created_at, captured_at`;

interface SnapshotRow {
  id: string;
  universe_id: string;
  root_place_id: string | null;
  name: string;
  description: string;
  thumbnail_url: string | null;
  visits: string;
  playing: number;
  game_created_at: Date | null;
  captured_at: Date;
}

function snapshotOf(row: SnapshotRow): GameSnapshot {
  return {
    id: row.id,
    universeId: row.universe_id,
    rootPlaceId: row.root_place_id,
    name: row.name,
    description: row.description,
    thumbnailUrl: row.thumbnail_url,
    visits: Number(row.visits),
    playing: row.playing,
    gameCreatedAt: row.game_created_at,
    capturedAt: row.captured_at,
  };
}

export async function insertGameSnapshot(tx: Queryable, snapshot: GameSnapshot): Promise<void> {
  await tx.query(
    `insert into marketplace.game_snapshots (id, universe_id, root_place_id, name, description,
       thumbnail_url, visits, playing, game_created_at, captured_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      snapshot.id,
      snapshot.universeId,
      snapshot.rootPlaceId,
      snapshot.name,
      snapshot.description,
      snapshot.thumbnailUrl,
      snapshot.visits,
      snapshot.playing,
      snapshot.gameCreatedAt,
      snapshot.capturedAt,
    ],
  );
}

export async function findGameSnapshot(
  db: Queryable,
  snapshotId: string,
): Promise<GameSnapshot | undefined> {
  const { rows } = await db.query<SnapshotRow>(
    `select ${SNAPSHOT_COLUMNS} from marketplace.game_snapshots where id = $1`,
    [snapshotId],
  );
  return rows[0] === undefined ? undefined : snapshotOf(rows[0]);
}

/** The most recent snapshot of a universe captured at or after `since`. */
export async function findLatestGameSnapshot(
  db: Queryable,
  universeId: string,
  since: Date,
): Promise<GameSnapshot | undefined> {
  const { rows } = await db.query<SnapshotRow>(
    `select ${SNAPSHOT_COLUMNS} from marketplace.game_snapshots
     where universe_id = $1 and captured_at >= $2 order by captured_at desc limit 1`,
    [universeId, since],
  );
  return rows[0] === undefined ? undefined : snapshotOf(rows[0]);
}

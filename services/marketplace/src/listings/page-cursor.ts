import type { Result } from '@bloxtr8/platform';
import { err, isUuid, ok } from '@bloxtr8/platform';

/** A keyset position in a newest-first list: the creation instant and the id that breaks ties. */
export interface KeysetPosition {
  readonly createdAt: Date;
  readonly id: string;
}

export interface KeysetPage<Item> {
  readonly items: Item[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export const LIST_LIMIT_DEFAULT = 20;
export const LIST_LIMIT_MAX = 100;

/** Opaque to callers; instants are whole milliseconds, so the ISO form round-trips exactly. */
function encodePosition(position: KeysetPosition): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString('base64url');
}

/** The position a cursor names, null for the first page; a cursor we never gave out is refused. */
export function positionOf(
  cursor: string | undefined,
): Result<KeysetPosition | null, 'INVALID_CURSOR'> {
  if (cursor === undefined || cursor === '') return ok(null);
  const [at = '', id = '', extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at);
  if (extra !== undefined || !isUuid(id) || Number.isNaN(createdAt.getTime())) {
    return err('INVALID_CURSOR');
  }
  return ok({ createdAt, id });
}

export function limitOf(limit: number | undefined): number {
  return Math.min(LIST_LIMIT_MAX, Math.max(1, Math.trunc(limit ?? LIST_LIMIT_DEFAULT)));
}

/** Rows fetched one beyond the limit tell whether another page follows. */
export function keysetPageOf<Item extends KeysetPosition>(
  fetched: Item[],
  limit: number,
): KeysetPage<Item> {
  const items = fetched.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: fetched.length > limit && last !== undefined ? encodePosition(last) : null,
  };
}

/**
 * The SQL condition "strictly after `position` in newest-first order" for the columns given,
 * with the position's two values at `$first` and `$first + 1` (null for the first page).
 */
export function afterPositionSql(createdAt: string, id: string, first: number): string {
  return `(${createdAt}, ${id}) < (coalesce($${first}::timestamptz, 'infinity'),
    coalesce($${first + 1}::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))`;
}

import type { Result } from '@bloxtr8/platform';
import { err, isUuid, ok } from '@bloxtr8/platform';

/** Where a keyset page ends: the sort instant and the escrow id that breaks ties. */
export interface PageCursor {
  readonly at: Date;
  readonly escrowId: string;
}

export interface QueryFailure {
  readonly code: 'INVALID_CURSOR';
  readonly message: string;
}

export interface Page<Item> {
  readonly items: Item[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface PageOptions {
  /** Items per page, 1 to 100; 20 when absent. */
  readonly limit?: number | undefined;
  /** `nextCursor` of the previous page; absent for the first. */
  readonly cursor?: string | null | undefined;
}

export const PAGE_LIMIT_DEFAULT = 20;
export const PAGE_LIMIT_MAX = 100;

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return PAGE_LIMIT_DEFAULT;
  return Math.min(PAGE_LIMIT_MAX, Math.max(1, Math.trunc(limit)));
}

/** Opaque to callers; our instants are whole milliseconds, so the ISO form round-trips exactly. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.escrowId}`).toString('base64url');
}

export function decodeCursor(text: string): Result<PageCursor, QueryFailure> {
  const [at, escrowId, extra] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const instant = new Date(at ?? '');
  if (extra !== undefined || escrowId === undefined || !isUuid(escrowId)) {
    return err({ code: 'INVALID_CURSOR', message: 'the cursor is not one this API returned' });
  }
  if (Number.isNaN(instant.getTime())) {
    return err({ code: 'INVALID_CURSOR', message: 'the cursor is not one this API returned' });
  }
  return ok({ at: instant, escrowId });
}

/** The page cursor given, or none; a malformed one is the caller's mistake, reported as such. */
export function cursorOption(options: PageOptions): Result<PageCursor | null, QueryFailure> {
  if (options.cursor === undefined || options.cursor === null || options.cursor === '') {
    return ok(null);
  }
  return decodeCursor(options.cursor);
}

/** Items fetched one beyond the limit tell whether another page follows. */
export function pageOf<Item>(
  fetched: Item[],
  limit: number,
  cursorOf: (item: Item) => PageCursor,
): Page<Item> {
  const items = fetched.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: fetched.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}

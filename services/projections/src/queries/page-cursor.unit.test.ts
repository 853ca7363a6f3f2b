import { describe, expect, it } from 'vitest';
import { cursorOption, decodeCursor, encodeCursor, pageLimit, pageOf } from './page-cursor.ts';

const escrowId = '0195f2a0-0000-7000-8000-000000000001';

describe('keyset page cursors', () => {
  it('round-trips the position exactly', () => {
    const at = new Date('2026-03-01T12:00:00.123Z');
    expect(decodeCursor(encodeCursor({ at, escrowId }))).toEqual({
      ok: true,
      value: { at, escrowId },
    });
  });

  it('refuses a cursor it did not make, as the caller’s mistake', () => {
    for (const text of [
      'garbage',
      Buffer.from('2026-01-01T00:00:00Z|nope').toString('base64url'),
    ]) {
      expect(decodeCursor(text)).toMatchObject({ ok: false, error: { code: 'INVALID_CURSOR' } });
    }
    expect(cursorOption({})).toEqual({ ok: true, value: null });
  });

  it('bounds the page size', () => {
    expect([pageLimit(undefined), pageLimit(0), pageLimit(7.9), pageLimit(10_000)]).toEqual([
      20, 1, 7, 100,
    ]);
  });

  it('offers a next cursor only when one more item was found', () => {
    const item = (n: number) => ({ at: new Date(n), escrowId });
    expect(pageOf([item(1), item(2)], 2, (x) => x).nextCursor).toBeNull();
    const page = pageOf([item(1), item(2), item(3)], 2, (x) => x);
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBe(encodeCursor(item(2)));
  });
});

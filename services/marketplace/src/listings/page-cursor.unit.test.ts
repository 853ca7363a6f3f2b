import { describe, expect, it } from 'vitest';
import { keysetPageOf, LIST_LIMIT_MAX, limitOf, positionOf } from './page-cursor.ts';

const item = (second: number) => ({
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)),
  id: `0189${String(second).padStart(4, '0')}-0000-7000-8000-000000000000`,
});

describe('keyset pages', () => {
  it('gives a cursor that names the last item of a full page, and none on the last page', () => {
    const page = keysetPageOf([item(3), item(2), item(1)], 2);
    expect(page.items).toEqual([item(3), item(2)]);
    expect(positionOf(page.nextCursor ?? undefined)).toEqual({ ok: true, value: item(2) });
    expect(keysetPageOf([item(1)], 2).nextCursor).toBeNull();
  });

  it('starts at the first page without a cursor and refuses one it did not make', () => {
    expect(positionOf(undefined)).toEqual({ ok: true, value: null });
    expect(positionOf('')).toEqual({ ok: true, value: null });
    expect(positionOf('bm9wZQ')).toEqual({ ok: false, error: 'INVALID_CURSOR' });
    const forged = Buffer.from('yesterday|not-a-uuid').toString('base64url');
    expect(positionOf(forged)).toEqual({ ok: false, error: 'INVALID_CURSOR' });
  });

  it('bounds the page size', () => {
    expect([limitOf(undefined), limitOf(0), limitOf(1_000)]).toEqual([20, 1, LIST_LIMIT_MAX]);
  });
});

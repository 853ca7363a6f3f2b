import { describe, expect, it } from 'vitest';
import { PG_BIGINT_MAX } from './postgres-bigint.ts';
import { findOversizedBigint, findUnsafeInput, INPUT_DEPTH_MAX } from './unsafe-input.ts';

const nested = (levels: number): unknown =>
  Array.from({ length: levels }).reduce<unknown>((inner) => ({ inner }), 'leaf');

describe('the input rule', () => {
  it('accepts ordinary text: accents, emoji (paired surrogates), tabs and line breaks', () => {
    expect(
      findUnsafeInput({ title: 'Café 🎮 Tycoon', note: 'line one\r\nline\ttwo', tags: ['ok'] }),
    ).toBeUndefined();
    expect(findUnsafeInput(nested(INPUT_DEPTH_MAX))).toBeUndefined();
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['another C0 control', 'bell\u0007'],
    ['escape', '\u001b[31mred'],
    ['a lone high surrogate', 'x\ud83c'],
    ['a lone low surrogate', '\udf2e!'],
    ['surrogates in the wrong order', '\udf2e\ud83c'],
  ])('refuses %s, naming the field', (_name, text) => {
    expect(findUnsafeInput({ listing: { summary: text } })).toEqual({
      path: '/listing/summary',
      message: expect.stringContaining('must not contain NUL'),
    });
    expect(findUnsafeInput({ tags: ['fine', text] })?.path).toBe('/tags/1');
    expect(findUnsafeInput(text)?.path).toBe('');
  });

  it('refuses such text in object keys, pointing at the key', () => {
    expect(findUnsafeInput({ data: { 'a/b\u0000': 1 } })).toEqual({
      path: '/data/a~1b\u0000',
      message: expect.stringMatching(/^key must not contain NUL/),
    });
  });

  it('refuses nesting deeper than the limit, without exhausting the stack', () => {
    expect(findUnsafeInput(nested(INPUT_DEPTH_MAX + 1))?.message).toMatch(/nest deeper/);
    expect(findUnsafeInput(nested(200_000))?.message).toMatch(/nest deeper/);
  });

  it('finds bigints that PostgreSQL could not store', () => {
    expect(findOversizedBigint({ after: PG_BIGINT_MAX })).toBeUndefined();
    expect(findOversizedBigint({ limit: 5, after: PG_BIGINT_MAX + 1n })).toEqual({
      path: '/after',
      message: `must be at most ${PG_BIGINT_MAX}`,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { CUSTOM_ID_KINDS, encodeCustomId, parseCustomId } from './custom-ids.ts';

describe('the custom_id codec', () => {
  it('round-trips every kind it declares', () => {
    for (const [kind, names] of Object.entries(CUSTOM_ID_KINDS)) {
      const args = Object.fromEntries(names.map((name) => [name, `x${name.length}`]));
      const text = encodeCustomId(kind as keyof typeof CUSTOM_ID_KINDS, args as never);
      expect(parseCustomId(text)).toEqual({ kind, args });
    }
  });

  it('reads offer:accept:v1:<id> as the convention shows it', () => {
    const id = '0b5d2c1e-8a7f-4b2e-9d3c-1f2e3d4c5b6a';
    expect(encodeCustomId('offer:accept', { offerId: id })).toBe(`offer:accept:v1:${id}`);
  });

  it('refuses other versions, unknown kinds, wrong arity and unplain arguments', () => {
    expect(parseCustomId('offer:accept:v2:abc')).toBeNull();
    expect(parseCustomId('offer:steal:v1:abc')).toBeNull();
    expect(parseCustomId('offer:accept:v1:a:b')).toBeNull();
    expect(parseCustomId('offer:accept:v1:a b')).toBeNull();
    expect(() => encodeCustomId('offer:accept', { offerId: 'a:b' })).toThrow();
    expect(() => encodeCustomId('listing:page', { cursor: 'x'.repeat(100) })).toThrow();
  });
});

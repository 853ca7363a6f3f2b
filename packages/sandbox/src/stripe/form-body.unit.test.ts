import { describe, expect, it } from 'vitest';
import { parseFormBody } from './form-body.ts';

describe('parseFormBody', () => {
  it('nests bracket notation as the SDK encodes it', () => {
    const parsed = parseFormBody(
      'amount=500&metadata[escrow_id]=esc_1&automatic_payment_methods[enabled]=true&expand[0]=a&expand[1]=b',
    );

    expect(parsed).toEqual({
      ok: true,
      value: {
        amount: '500',
        metadata: { escrow_id: 'esc_1' },
        automatic_payment_methods: { enabled: 'true' },
        expand: { 0: 'a', 1: 'b' },
      },
    });
  });

  it('appends for empty brackets and decodes percent-encoding', () => {
    const parsed = parseFormBody('expand[]=a&expand[]=b&query=metadata%5B%27k%27%5D%3A%27v%20w%27');

    expect(parsed).toEqual({
      ok: true,
      value: { expand: { 0: 'a', 1: 'b' }, query: "metadata['k']:'v w'" },
    });
  });

  it('treats __proto__ as an ordinary name', () => {
    const parsed = parseFormBody('metadata[__proto__]=x');

    expect(parsed.ok && parsed.value.metadata).toEqual(
      Object.assign(Object.create(null), { ['__proto__']: 'x' }),
    );
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses duplicates, a value mixed with nested parameters, and deep nesting', () => {
    expect(parseFormBody('amount=1&amount=2').ok).toBe(false);
    expect(parseFormBody('metadata=x&metadata[a]=b').ok).toBe(false);
    expect(parseFormBody('a[b][c][d][e][f]=1').ok).toBe(false);
  });
});

import fc from 'fast-check';

/** A hostile value with a name for the report. */
export type Hostile<T> = readonly [name: string, value: T];

const nested = (levels: number): unknown =>
  Array.from({ length: levels }).reduce<unknown>((inner) => ({ a: inner }), 'leaf');

const TEN_KB = 'x'.repeat(10_240);

/** Values for one field of a JSON body: hostile text, ids and numbers, and wrong types. */
export const HOSTILE_JSON: readonly Hostile<unknown>[] = [
  ['NUL', 'a\u0000b'],
  ['a lone high surrogate', 'x\ud800'],
  ['a lone low surrogate', '\udc00x'],
  ['a C0 control', 'bell\u0007'],
  ['10 kB of text', TEN_KB],
  ['10 kB of text ending in NUL', `${TEN_KB}\u0000`],
  ['an id past 2^63', '9223372036854775808'],
  ['forty nines', '9'.repeat(40)],
  ['a negative id', '-1'],
  ['an empty string', ''],
  ['a number past 2^63', 2 ** 63],
  ['the largest double', Number.MAX_VALUE],
  ['a negative number', -1],
  ['a fraction', 0.5],
  ['true', true],
  ['null', null],
  ['an array', ['a', 1]],
  ['an object', { a: 1 }],
  ['64 levels of nesting', nested(64)],
];

/** Values for a path or query parameter, already percent-encoded as they go on the wire. */
export const HOSTILE_URL: readonly Hostile<string>[] = [
  ['NUL', 'a%00b'],
  ['a lone surrogate (WTF-8)', 'x%ED%A0%80'],
  ['a C0 control', 'bell%07'],
  ['10 kB of text', TEN_KB],
  ['a malformed escape', '%zz'],
  ['an id past 2^63', '9223372036854775808'],
  ['forty nines', '9'.repeat(40)],
  ['a negative number', '-1'],
  ['a fraction', '0.5'],
  ['an exponent', '1e400'],
  ['dot segments', '..%2F..%2Fetc'],
];

/** Whole bodies that are wrong as bodies, each with its content type. */
export const HOSTILE_BODIES: readonly Hostile<{ text: string; type: string }>[] = [
  ['malformed JSON', { text: '{"a":', type: 'application/json' }],
  ['a JSON string', { text: '"x"', type: 'application/json' }],
  ['a JSON array', { text: '[1,2]', type: 'application/json' }],
  ['JSON null', { text: 'null', type: 'application/json' }],
  [
    '10,000 nested arrays',
    { text: `${'['.repeat(10_000)}${']'.repeat(10_000)}`, type: 'application/json' },
  ],
  [
    '10,000 nested objects',
    { text: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, type: 'application/json' },
  ],
  ['a 300 kB body', { text: JSON.stringify({ a: 'x'.repeat(300_000) }), type: 'application/json' }],
  ['plain text', { text: 'hello', type: 'text/plain' }],
  ['a form', { text: 'a=b', type: 'application/x-www-form-urlencoded' }],
];

/** Any UTF-16 code unit sequence, lone surrogates and control characters included. */
const anyText = fc.string({ unit: 'binary', maxLength: 40 });

/** Random hostile JSON field values for the longer runs: the catalogue, any text, any JSON. */
export const hostileJsonArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_JSON.map(([, value]) => value)),
  anyText,
  fc.jsonValue({ maxDepth: 4 }),
  fc.bigInt({ min: 2n ** 60n, max: 2n ** 70n }).map((value) => value.toString()),
);

/** Random hostile URL values: the catalogue, or any text percent-encoded byte by byte. */
export const hostileUrlArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_URL.map(([, value]) => value)),
  anyText.map(percentEncode),
);

/**
 * Percent-encodes every code point as its UTF-8 bytes, lone surrogates too (WTF-8: what a
 * careless client sends), which encodeURIComponent refuses to do.
 */
export function percentEncode(text: string): string {
  let encoded = '';
  for (const character of text) {
    const point = character.codePointAt(0) ?? 0;
    encoded += /[A-Za-z0-9_.~-]/.test(character)
      ? character
      : utf8Bytes(point)
          .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
          .join('');
  }
  return encoded;
}

function utf8Bytes(point: number): number[] {
  if (point < 0x80) return [point];
  if (point < 0x800) return [0xc0 | (point >> 6), 0x80 | (point & 0x3f)];
  if (point < 0x10000) {
    return [0xe0 | (point >> 12), 0x80 | ((point >> 6) & 0x3f), 0x80 | (point & 0x3f)];
  }
  return [
    0xf0 | (point >> 18),
    0x80 | ((point >> 12) & 0x3f),
    0x80 | ((point >> 6) & 0x3f),
    0x80 | (point & 0x3f),
  ];
}

import { fitsPgBigint, PG_BIGINT_MESSAGE } from './postgres-bigint.ts';

/** Where a request's input breaks the input rule, and how: the field's JSON pointer and why. */
export interface UnsafeInput {
  /** JSON pointer of the field, e.g. `/data/note`; an object key's own problem points at it. */
  readonly path: string;
  readonly message: string;
}

/**
 * Nesting deeper than any request of this API needs. A limit keeps one 256 KB body from becoming
 * a tree thousands of levels deep, which recursive code and PostgreSQL's jsonb parser (its stack
 * depth check) would fail on with a 500.
 */
export const INPUT_DEPTH_MAX = 16;

/**
 * Text the platform never stores: NUL (PostgreSQL text and jsonb refuse it), the other C0 control
 * characters except tab, line feed and carriage return (no field means them, and they garble
 * Discord messages, logs and PDFs), and UTF-16 surrogates without their pair (not Unicode at all:
 * PostgreSQL refuses them in jsonb and the UTF-8 encoder silently replaces them in text).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its job
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const isUnsafeText = (text: string) => CONTROL_CHARACTERS.test(text) || !text.isWellFormed();

export const UNSAFE_TEXT_MESSAGE =
  'must not contain NUL, control characters other than tab and line breaks, or unpaired UTF-16 surrogates';

const escapePointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

interface Node {
  readonly value: unknown;
  readonly path: string;
  readonly depth: number;
}

/**
 * Visits every value of a JSON-like tree and every object key, without recursion (no input can
 * exhaust the stack), stopping at the first problem `check` reports, or at INPUT_DEPTH_MAX.
 */
function findInTree(
  input: unknown,
  check: (node: Node) => string | undefined,
): UnsafeInput | undefined {
  const pending: Node[] = [{ value: input, path: '', depth: 0 }];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    const message = check(node);
    if (message !== undefined) return { path: node.path, message };
    const { value, path, depth } = node;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= INPUT_DEPTH_MAX) {
      return { path, message: `must not nest deeper than ${INPUT_DEPTH_MAX} levels` };
    }
    for (const [key, inner] of Object.entries(value)) {
      const innerPath = `${path}/${escapePointer(key)}`;
      if (isUnsafeText(key)) return { path: innerPath, message: `key ${UNSAFE_TEXT_MESSAGE}` };
      pending.push({ value: inner, path: innerPath, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * The first place in a request's input (body, query or path parameters, as parsed from JSON or
 * the URL) that breaks the platform's one input rule: every string and every object key is text
 * as above, and nothing nests deeper than INPUT_DEPTH_MAX. Undefined when the input is clean.
 */
export function findUnsafeInput(input: unknown): UnsafeInput | undefined {
  return findInTree(input, ({ value }) =>
    typeof value === 'string' && isUnsafeText(value) ? UNSAFE_TEXT_MESSAGE : undefined,
  );
}

/** The first bigint a schema produced (e.g. z.coerce.bigint) that PostgreSQL could not store. */
export function findOversizedBigint(parsed: unknown): UnsafeInput | undefined {
  return findInTree(parsed, ({ value }) =>
    typeof value === 'bigint' && !fitsPgBigint(value) ? PG_BIGINT_MESSAGE : undefined,
  );
}

import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';

/**
 * A request's parameters as Stripe reads them from `application/x-www-form-urlencoded` bodies and
 * query strings: bracket notation nests (`metadata[escrow_id]=…`), lists are objects keyed by
 * index (`expand[0]=…`), and every leaf is a string.
 */
export type FormValue = string | FormFields;
export interface FormFields {
  [name: string]: FormValue;
}

/** Bounds that keep a hostile body from costing more than a real request would. */
const PAIRS_MAX = 1000;
const DEPTH_MAX = 5;

/** An object without a prototype, so a parameter named `__proto__` is just a name. */
export function emptyFields(): FormFields {
  return Object.create(null) as FormFields;
}

export function parseFormBody(text: string): Result<FormFields, string> {
  const fields = emptyFields();
  let pairs = 0;
  for (const [name, value] of new URLSearchParams(text)) {
    pairs += 1;
    if (pairs > PAIRS_MAX) return err(`Too many parameters: at most ${PAIRS_MAX} are accepted.`);
    const path = splitName(name);
    if (path === null) return err(`Invalid parameter name: ${name}`);
    const problem = assign(fields, path, value);
    if (problem !== null) return err(problem);
  }
  return ok(fields);
}

/** `a[b][c]` → `['a', 'b', 'c']`; `expand[]` keeps an empty segment meaning "next index". */
function splitName(name: string): string[] | null {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
  if (match === null) return null;
  const [, head = '', brackets = ''] = match;
  const path = [head];
  for (const part of brackets.matchAll(/\[([^[\]]*)\]/g)) path.push(part[1] ?? '');
  const appendsInside = path.slice(0, -1).includes('');
  return path.length > DEPTH_MAX || appendsInside ? null : path;
}

function assign(root: FormFields, path: readonly string[], value: string): string | null {
  let node = root;
  for (const segment of path.slice(0, -1)) {
    const existing = node[segment];
    if (existing === undefined) {
      const child = emptyFields();
      node[segment] = child;
      node = child;
    } else if (typeof existing === 'string') {
      return `Invalid object: ${path.join('.')} mixes a value and nested parameters.`;
    } else {
      node = existing;
    }
  }
  const last = path.at(-1) ?? '';
  const key = last === '' ? String(Object.keys(node).length) : last;
  if (node[key] !== undefined) return `Received duplicate parameter: ${path.join('.')}`;
  node[key] = value;
  return null;
}

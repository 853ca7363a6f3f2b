const ORIGIN_PROBE = 'http://bloxtr8.invalid';

/**
 * Whether a post-sign-in redirect stays on our site: a path of printable ASCII starting with one
 * slash, no backslash (browsers read `/\evil` as `//evil`), and resolving against our origin to
 * our origin. Anything else would make sign-in an open redirect.
 */
export function isSafeRedirectPath(path: string): boolean {
  if (path.length === 0 || path.length > 512) return false;
  if (!/^\/[\x21-\x7e]*$/.test(path) || path.startsWith('//') || path.includes('\\')) return false;
  try {
    return new URL(path, ORIGIN_PROBE).origin === ORIGIN_PROBE;
  } catch {
    return false;
  }
}

/** The longest a caller may hold a request open for a command's outcome. */
export const MAX_WAIT_SECONDS = 10;

/**
 * The seconds asked for by `Prefer: wait=N` (RFC 7240), capped at MAX_WAIT_SECONDS; null when the
 * header does not ask to wait. Other preferences in the header are ignored, as the RFC allows.
 */
export function preferredWaitSeconds(prefer: string | string[] | undefined): number | null {
  const values = prefer === undefined ? [] : Array.isArray(prefer) ? prefer : [prefer];
  for (const value of values) {
    for (const preference of value.split(',')) {
      const match = /^\s*wait\s*=\s*"?(\d{1,6})"?\s*(;.*)?$/i.exec(preference);
      if (match?.[1] !== undefined) return Math.min(Number(match[1]), MAX_WAIT_SECONDS);
    }
  }
  return null;
}

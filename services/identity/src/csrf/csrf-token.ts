import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Secret } from '@bloxtr8/platform';

/**
 * The CSRF token of a session family: HMAC-SHA-256 of the family id under the server's secret.
 * Bound to the family rather than the session row so that rotating the session (a new row) does
 * not invalidate the token a page already holds. Nothing is stored: the server recomputes it.
 */
export function csrfTokenFor(secret: Secret, sessionFamilyId: string): string {
  return createHmac('sha256', secret.reveal())
    .update(`bloxtr8.csrf.v1:${sessionFamilyId}`, 'utf8')
    .digest('base64url');
}

/** Compares in constant time, so the comparison leaks nothing about the expected token. */
export function isCsrfTokenValid(
  secret: Secret,
  sessionFamilyId: string,
  presented: string | undefined,
): boolean {
  if (presented === undefined || presented.length === 0 || presented.length > 128) return false;
  const expected = Buffer.from(csrfTokenFor(secret, sessionFamilyId), 'utf8');
  const given = Buffer.from(presented, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

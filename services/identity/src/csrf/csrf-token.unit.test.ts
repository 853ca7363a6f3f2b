import { Secret } from '@bloxtr8/platform';
import { describe, expect, it } from 'vitest';
import { csrfTokenFor, isCsrfTokenValid } from './csrf-token.ts';

const secret = new Secret('a-server-secret-of-enough-length-0123456789');
const family = '01939f3c-1b2a-7c3d-8e4f-5a6b7c8d9e0f';

describe('CSRF tokens', () => {
  it('accepts the token of the session family, and the same token every time', () => {
    const token = csrfTokenFor(secret, family);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenFor(secret, family)).toBe(token);
    expect(isCsrfTokenValid(secret, family, token)).toBe(true);
  });

  it('refuses a missing, empty, truncated, altered or oversized token', () => {
    const token = csrfTokenFor(secret, family);
    expect(isCsrfTokenValid(secret, family, undefined)).toBe(false);
    expect(isCsrfTokenValid(secret, family, '')).toBe(false);
    expect(isCsrfTokenValid(secret, family, token.slice(0, -1))).toBe(false);
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(isCsrfTokenValid(secret, family, flipped)).toBe(false);
    expect(isCsrfTokenValid(secret, family, token.repeat(4))).toBe(false);
  });

  it("refuses another session's token and a token made with another secret", () => {
    const otherFamily = '01939f3c-1b2a-7c3d-8e4f-5a6b7c8d9e10';
    expect(isCsrfTokenValid(secret, family, csrfTokenFor(secret, otherFamily))).toBe(false);
    const otherSecret = new Secret('another-server-secret-of-enough-length-xyz');
    expect(isCsrfTokenValid(secret, family, csrfTokenFor(otherSecret, family))).toBe(false);
  });
});

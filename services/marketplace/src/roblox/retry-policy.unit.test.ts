import { describe, expect, it } from 'vitest';
import type { RobloxRequestPolicy } from './retry-policy.ts';
import { decideRetry, rateLimitResetMs, retryAfterMs } from './retry-policy.ts';

const POLICY: RobloxRequestPolicy = {
  timeoutMs: 1_000,
  attemptsMax: 3,
  backoffBaseMs: 200,
  waitMsMax: 2_000,
};
const NOW = Date.parse('2026-11-24T12:00:00Z');
const limited = (headers: Record<string, string> = {}) => ({
  kind: 'RATE_LIMITED' as const,
  headers: new Headers(headers),
});

describe('decideRetry', () => {
  it('backs off 200 ms, then 400 ms, then gives up after the third attempt', () => {
    const transient = { kind: 'TRANSIENT' as const };
    expect(decideRetry(transient, 1, POLICY, NOW)).toEqual({ retry: true, delayMs: 200 });
    expect(decideRetry(transient, 2, POLICY, NOW)).toEqual({ retry: true, delayMs: 400 });
    expect(decideRetry(transient, 3, POLICY, NOW)).toEqual({ retry: false });
  });

  it('caps the backoff at the longest wait', () => {
    const patient = { ...POLICY, attemptsMax: 10 };
    expect(decideRetry({ kind: 'TRANSIENT' }, 8, patient, NOW)).toEqual({
      retry: true,
      delayMs: 2_000,
    });
  });

  it('honours Retry-After in seconds and as an HTTP date', () => {
    expect(decideRetry(limited({ 'retry-after': '1' }), 1, POLICY, NOW)).toEqual({
      retry: true,
      delayMs: 1_000,
    });
    const inOneAndAHalf = new Date(NOW + 1_500).toUTCString();
    const decision = decideRetry(limited({ 'retry-after': inOneAndAHalf }), 1, POLICY, NOW);
    // HTTP dates have whole seconds.
    expect(decision).toEqual({ retry: true, delayMs: 1_000 });
  });

  it('falls back to x-ratelimit-reset, then to the backoff', () => {
    expect(decideRetry(limited({ 'x-ratelimit-reset': '0.5' }), 1, POLICY, NOW)).toEqual({
      retry: true,
      delayMs: 500,
    });
    expect(decideRetry(limited(), 2, POLICY, NOW)).toEqual({ retry: true, delayMs: 400 });
  });

  it('does not hold a request for a wait longer than the bound', () => {
    expect(decideRetry(limited({ 'retry-after': '60' }), 1, POLICY, NOW)).toEqual({
      retry: false,
    });
    expect(decideRetry(limited({ 'x-ratelimit-reset': '30' }), 1, POLICY, NOW)).toEqual({
      retry: false,
    });
  });

  it('never retries past the attempt bound, even when asked to wait briefly', () => {
    expect(decideRetry(limited({ 'retry-after': '0' }), 3, POLICY, NOW)).toEqual({
      retry: false,
    });
  });
});

describe('rate-limit headers', () => {
  it('reads x-ratelimit-reset as seconds to wait, or as a Unix time', () => {
    expect(rateLimitResetMs('2', NOW)).toBe(2_000);
    expect(rateLimitResetMs(String(NOW / 1000 + 3), NOW)).toBe(3_000);
  });

  it('ignores absent and unreadable values', () => {
    expect(retryAfterMs(null, NOW)).toBeUndefined();
    expect(retryAfterMs('soon', NOW)).toBeUndefined();
    expect(rateLimitResetMs('-1', NOW)).toBeUndefined();
    expect(rateLimitResetMs(null, NOW)).toBeUndefined();
  });

  it('never yields a negative wait for a date in the past', () => {
    expect(retryAfterMs(new Date(NOW - 10_000).toUTCString(), NOW)).toBe(0);
  });
});

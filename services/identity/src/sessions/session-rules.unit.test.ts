import { describe, expect, it } from 'vitest';
import type { SessionTimes } from './session-rules.ts';
import { DEFAULT_SESSION_POLICY, judgeSession } from './session-rules.ts';

const MINUTE_MS = 60_000;
const signedInAt = new Date('2026-03-01T12:00:00.000Z');
const at = (offsetMs: number) => new Date(signedInAt.getTime() + offsetMs);

const fresh: SessionTimes = {
  createdAt: signedInAt,
  expiresAt: at(DEFAULT_SESSION_POLICY.ttlMs),
  revokedAt: null,
  rotatedAt: null,
};

describe('judging a presented session', () => {
  it('accepts a fresh session as it is', () => {
    expect(judgeSession(fresh, at(5 * MINUTE_MS), DEFAULT_SESSION_POLICY)).toEqual({
      kind: 'valid',
    });
  });

  it('asks for rotation once the session is an hour old', () => {
    expect(judgeSession(fresh, at(59 * MINUTE_MS), DEFAULT_SESSION_POLICY).kind).toBe('valid');
    expect(judgeSession(fresh, at(60 * MINUTE_MS), DEFAULT_SESSION_POLICY).kind).toBe('rotate');
  });

  it('refuses a session at and after its absolute expiry, however recently it was rotated', () => {
    const expiry = DEFAULT_SESSION_POLICY.ttlMs;
    expect(judgeSession(fresh, at(expiry - 1), DEFAULT_SESSION_POLICY).kind).toBe('rotate');
    expect(judgeSession(fresh, at(expiry), DEFAULT_SESSION_POLICY)).toEqual({
      kind: 'refused',
      refusal: 'SESSION_EXPIRED',
    });
    const rotatedLate = { ...fresh, createdAt: at(expiry - MINUTE_MS) };
    expect(judgeSession(rotatedLate, at(expiry + 1), DEFAULT_SESSION_POLICY)).toEqual({
      kind: 'refused',
      refusal: 'SESSION_EXPIRED',
    });
  });

  it('refuses a revoked session even within its lifetime', () => {
    const revoked = { ...fresh, revokedAt: at(MINUTE_MS) };
    expect(judgeSession(revoked, at(2 * MINUTE_MS), DEFAULT_SESSION_POLICY)).toEqual({
      kind: 'refused',
      refusal: 'SESSION_REVOKED',
    });
  });

  it('keeps a rotated-out token working for the 30 s grace only, then calls its use reuse', () => {
    const rotated = { ...fresh, rotatedAt: at(61 * MINUTE_MS) };
    expect(judgeSession(rotated, at(61 * MINUTE_MS + 30_000), DEFAULT_SESSION_POLICY)).toEqual({
      kind: 'valid',
    });
    expect(judgeSession(rotated, at(61 * MINUTE_MS + 30_001), DEFAULT_SESSION_POLICY)).toEqual({
      kind: 'refused',
      refusal: 'SESSION_REUSED',
    });
  });

  it('never rotates a token that was already rotated out', () => {
    const rotated = { ...fresh, rotatedAt: at(2 * 60 * MINUTE_MS) };
    expect(judgeSession(rotated, at(2 * 60 * MINUTE_MS + 1), DEFAULT_SESSION_POLICY).kind).toBe(
      'valid',
    );
  });
});

/** How long sessions live and how often they are replaced (SPEC §2, ADR 0010). */
export interface SessionPolicy {
  /** Absolute lifetime from sign-in; rotation never extends it. */
  readonly ttlMs: number;
  /** A session used when older than this is replaced by a new one (new token, same family). */
  readonly rotateAfterMs: number;
  /**
   * How long a replaced token still works, for requests already in flight when the browser got
   * the new cookie. Afterwards its use is a sign of theft.
   */
  readonly rotationGraceMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  ttlMs: 7 * 24 * 3_600_000,
  rotateAfterMs: 3_600_000,
  rotationGraceMs: 30_000,
};

/** Why a presented session does not hold. */
export type SessionRefusal =
  | 'SESSION_UNKNOWN'
  | 'SESSION_EXPIRED'
  | 'SESSION_REVOKED'
  /** A rotated-out token used after its grace: refused, and the whole family is revoked. */
  | 'SESSION_REUSED';

export interface SessionTimes {
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  /** When a newer session replaced this one; null while it is the family's current one. */
  readonly rotatedAt: Date | null;
}

export type SessionVerdict =
  | { readonly kind: 'valid' }
  | { readonly kind: 'rotate' }
  | { readonly kind: 'refused'; readonly refusal: SessionRefusal };

/** Decides what a presented session is worth at `now`. Pure: no I/O, time passed in. */
export function judgeSession(
  session: SessionTimes,
  now: Date,
  policy: SessionPolicy,
): SessionVerdict {
  const nowMs = now.getTime();
  if (session.revokedAt !== null) return { kind: 'refused', refusal: 'SESSION_REVOKED' };
  if (nowMs >= session.expiresAt.getTime()) return { kind: 'refused', refusal: 'SESSION_EXPIRED' };
  if (session.rotatedAt !== null) {
    return nowMs - session.rotatedAt.getTime() <= policy.rotationGraceMs
      ? { kind: 'valid' }
      : { kind: 'refused', refusal: 'SESSION_REUSED' };
  }
  if (nowMs - session.createdAt.getTime() >= policy.rotateAfterMs) return { kind: 'rotate' };
  return { kind: 'valid' };
}

import { recordAudit } from '@bloxtr8/audit';
import type { Database } from '@bloxtr8/db';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, newId, ok } from '@bloxtr8/platform';
import { hashSecretToken, newSecretToken } from '../tokens/secret-token.ts';
import { auditContextOf } from '../users/sign-up-user.ts';
import type { RequestContext } from '../users/user.ts';
import type { ActiveSession, IssuedSession } from './active-session.ts';
import type { SessionPolicy, SessionRefusal } from './session-rules.ts';
import { judgeSession } from './session-rules.ts';
import type { StoredSession } from './session-store.ts';
import {
  findSessionByTokenHash,
  insertSession,
  lockSessionForRotation,
  markSessionRotated,
  revokeSessionFamily,
} from './session-store.ts';

export interface ResumedSession {
  readonly session: ActiveSession;
  /** The new token when this request rotated the session: send it to the client. */
  readonly replacement: IssuedSession | null;
}

/**
 * The session a presented token opens, if any. Returns SESSION_UNKNOWN, SESSION_EXPIRED,
 * SESSION_REVOKED or SESSION_REUSED. A session older than the rotation interval is replaced
 * (same family, same absolute expiry, new token); a replaced token works for the grace period
 * only, and its use after that revokes the whole family, because only a copy of an old cookie
 * can still send it.
 */
export async function resumeSession(
  db: Database,
  clock: Clock,
  policy: SessionPolicy,
  options: { token: string; context: RequestContext },
): Promise<Result<ResumedSession, SessionRefusal>> {
  const hash = hashSecretToken(options.token);
  if (hash === undefined) return err('SESSION_UNKNOWN');
  const stored = await findSessionByTokenHash(db, hash);
  if (stored === undefined) return err('SESSION_UNKNOWN');
  const now = clock.now();
  const verdict = judgeSession(stored, now, policy);
  switch (verdict.kind) {
    case 'valid':
      return ok({ session: stored.active, replacement: null });
    case 'rotate':
      return ok({
        session: stored.active,
        replacement: await rotateSession(db, stored, now, options.context),
      });
    case 'refused':
      if (verdict.refusal === 'SESSION_REUSED') {
        await revokeReusedFamily(db, stored.active, now, options.context);
      }
      return err(verdict.refusal);
  }
}

/** Null when a concurrent request rotated (or revoked) the session first. */
async function rotateSession(
  db: Database,
  stored: StoredSession,
  now: Date,
  context: RequestContext,
): Promise<IssuedSession | null> {
  const { token, hash } = newSecretToken();
  const replacementId = newId();
  const rotated = await db.transaction(async (tx) => {
    if (!(await lockSessionForRotation(tx, stored.active.sessionId))) return false;
    await insertSession(tx, {
      id: replacementId,
      familyId: stored.active.familyId,
      userId: stored.active.user.id,
      tokenHash: hash,
      createdAt: now,
      expiresAt: stored.expiresAt,
      ip: context.ip,
      userAgent: context.userAgent,
    });
    await markSessionRotated(tx, stored.active.sessionId, replacementId, now);
    return true;
  });
  if (!rotated) return null;
  return {
    token,
    sessionId: replacementId,
    familyId: stored.active.familyId,
    expiresAt: stored.expiresAt,
  };
}

async function revokeReusedFamily(
  db: Database,
  session: ActiveSession,
  now: Date,
  context: RequestContext,
): Promise<void> {
  await db.transaction(async (tx) => {
    const revoked = await revokeSessionFamily(tx, session.familyId, now);
    if (revoked === 0) return;
    await recordAudit(tx, {
      actorType: 'SYSTEM',
      actorId: null,
      action: 'identity.session.reuse_detected',
      subjectType: 'user',
      subjectId: session.user.id,
      ...auditContextOf(context),
      detail: { sessionId: session.sessionId, familyId: session.familyId, revoked },
    });
  });
}

import { recordAudit } from '@bloxtr8/audit';
import type { Database } from '@bloxtr8/db';
import type { Clock } from '@bloxtr8/platform';
import { newId } from '@bloxtr8/platform';
import { newSecretToken } from '../tokens/secret-token.ts';
import { auditContextOf } from '../users/sign-up-user.ts';
import type { RequestContext } from '../users/user.ts';
import type { IssuedSession } from './active-session.ts';
import type { SessionPolicy } from './session-rules.ts';
import { insertSession } from './session-store.ts';

/**
 * Signs a user in: a new session family whose token (32 random bytes) goes to the client and
 * whose SHA-256 alone is stored. The sign-in is audited in the same transaction.
 */
export async function startSession(
  db: Database,
  clock: Clock,
  policy: SessionPolicy,
  options: { userId: string; method: 'discord_oauth'; context: RequestContext },
): Promise<IssuedSession> {
  const { token, hash } = newSecretToken();
  const now = clock.now();
  const sessionId = newId();
  const expiresAt = new Date(now.getTime() + policy.ttlMs);
  await db.transaction(async (tx) => {
    await insertSession(tx, {
      id: sessionId,
      familyId: sessionId,
      userId: options.userId,
      tokenHash: hash,
      createdAt: now,
      expiresAt,
      ip: options.context.ip,
      userAgent: options.context.userAgent,
    });
    await recordAudit(tx, {
      actorType: 'USER',
      actorId: options.userId,
      action: 'identity.session.sign_in',
      subjectType: 'user',
      subjectId: options.userId,
      ...auditContextOf(options.context),
      detail: { sessionId, method: options.method },
    });
  });
  return { token, sessionId, familyId: sessionId, expiresAt };
}

import { recordAudit } from '@bloxtr8/audit';
import type { Database } from '@bloxtr8/db';
import type { Clock } from '@bloxtr8/platform';
import { auditContextOf } from '../users/sign-up-user.ts';
import type { RequestContext } from '../users/user.ts';
import type { ActiveSession } from './active-session.ts';
import { revokeSessionFamily } from './session-store.ts';

/**
 * Signs out: revokes the session and every rotation of it (the whole family), so neither the
 * current cookie nor one still in the grace period works afterwards. Audited.
 */
export async function endSession(
  db: Database,
  clock: Clock,
  options: { session: ActiveSession; context: RequestContext },
): Promise<void> {
  const { session } = options;
  await db.transaction(async (tx) => {
    await revokeSessionFamily(tx, session.familyId, clock.now());
    await recordAudit(tx, {
      actorType: 'USER',
      actorId: session.user.id,
      action: 'identity.session.sign_out',
      subjectType: 'user',
      subjectId: session.user.id,
      ...auditContextOf(options.context),
      detail: { sessionId: session.sessionId, familyId: session.familyId },
    });
  });
}

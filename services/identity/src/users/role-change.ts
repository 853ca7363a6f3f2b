import type { AuditEntry } from '@bloxtr8/audit';
import { recordAudit } from '@bloxtr8/audit';
import type { Queryable } from '@bloxtr8/db';
import { auditContextOf } from './sign-up-user.ts';
import type { RequestContext, User, UserRole } from './user.ts';
import type { UserRow } from './user-store.ts';
import { USER_COLUMNS, userOf } from './user-store.ts';

/** Who changes a role, as the audit log names them, and what else the record should say. */
export interface RoleChanger {
  readonly actorType: AuditEntry['actorType'];
  readonly actorId: string | null;
  readonly context: RequestContext;
  readonly detail?: AuditEntry['detail'];
}

/**
 * Writes a role change of a user locked by the caller's transaction, with its audit record, and
 * returns the user as changed. The one way every path (an admin, an operator, the bootstrap
 * setting) changes a role, so each is recorded alike.
 */
export async function applyRoleChange(
  tx: Queryable,
  options: { readonly user: User; readonly role: UserRole; readonly changer: RoleChanger },
): Promise<User> {
  const { user, role, changer } = options;
  const { rows } = await tx.query<UserRow>(
    `update identity.users set role = $2, updated_at = now() where id = $1
     returning ${USER_COLUMNS}`,
    [user.id, role],
  );
  await recordAudit(tx, {
    actorType: changer.actorType,
    actorId: changer.actorId,
    action: 'identity.user.role_change',
    subjectType: 'user',
    subjectId: user.id,
    ...auditContextOf(changer.context),
    detail: { from: user.role, to: role, ...changer.detail },
  });
  const changed = rows[0];
  if (changed === undefined) throw new Error(`user ${user.id} vanished under its row lock`);
  return userOf(changed);
}

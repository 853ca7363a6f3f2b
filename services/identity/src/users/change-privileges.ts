import { recordAudit } from '@bloxtr8/audit';
import type { Database } from '@bloxtr8/db';
import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { Actor, PrivilegeRefusal } from './privilege-rules.ts';
import { roleChangeRefusal, tierChangeRefusal } from './privilege-rules.ts';
import { applyRoleChange } from './role-change.ts';
import { auditContextOf } from './sign-up-user.ts';
import type { KycTier, RequestContext, User, UserRole } from './user.ts';
import type { UserRow } from './user-store.ts';
import { lockUserById, USER_COLUMNS, userOf } from './user-store.ts';

export type PrivilegeChangeFailure = PrivilegeRefusal | 'USER_NOT_FOUND';

export interface PrivilegeChange {
  readonly user: User;
  /** False when the user already had the requested role or tier (nothing written). */
  readonly changed: boolean;
}

/**
 * Sets a user's role. Returns USER_NOT_FOUND, ADMIN_ONLY or OWN_ROLE. The change and its audit
 * record commit together; the user's next request already carries the new role.
 */
export async function changeUserRole(
  db: Database,
  options: { actor: Actor; userId: string; role: UserRole; context: RequestContext },
): Promise<Result<PrivilegeChange, PrivilegeChangeFailure>> {
  const refusal = roleChangeRefusal(options.actor, options.userId);
  if (refusal !== null) return err(refusal);
  return db.transaction(async (tx) => {
    const user = await lockUserById(tx, options.userId);
    if (user === undefined) return err('USER_NOT_FOUND' as const);
    if (user.role === options.role) return ok({ user, changed: false });
    const changed = await applyRoleChange(tx, {
      user,
      role: options.role,
      changer: { actorType: 'ADMIN', actorId: options.actor.userId, context: options.context },
    });
    return ok({ user: changed, changed: true });
  });
}

/**
 * Sets a user's KYC tier. Returns USER_NOT_FOUND, STAFF_ONLY, OWN_TIER, ADMIN_ONLY or
 * TIER_PREREQUISITE (see `tierChangeRefusal`); the rule depends on the current tier, read under a
 * row lock.
 */
export async function changeUserTier(
  db: Database,
  options: { actor: Actor; userId: string; tier: KycTier; context: RequestContext },
): Promise<Result<PrivilegeChange, PrivilegeChangeFailure>> {
  return db.transaction(async (tx) => {
    const user = await lockUserById(tx, options.userId);
    if (user === undefined) return err('USER_NOT_FOUND' as const);
    const refusal = tierChangeRefusal(options.actor, {
      userId: user.id,
      from: user.tier,
      to: options.tier,
    });
    if (refusal !== null) return err(refusal);
    if (user.tier === options.tier) return ok({ user, changed: false });
    const { rows } = await tx.query<UserRow>(
      `update identity.users set kyc_tier = $2, updated_at = now() where id = $1
       returning ${USER_COLUMNS}`,
      [user.id, options.tier],
    );
    await recordAudit(tx, {
      actorType: 'ADMIN',
      actorId: options.actor.userId,
      action: 'identity.user.tier_change',
      subjectType: 'user',
      subjectId: user.id,
      ...auditContextOf(options.context),
      detail: { from: user.tier, to: options.tier, actorRole: options.actor.role },
    });
    return ok({ user: userOf(rows[0] as UserRow), changed: true });
  });
}

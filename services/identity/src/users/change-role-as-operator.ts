import type { Database } from '@bloxtr8/db';
import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { PrivilegeChange } from './change-privileges.ts';
import { applyRoleChange } from './role-change.ts';
import type { UserRole } from './user.ts';
import { NO_REQUEST_CONTEXT } from './user.ts';
import { lockUserByDiscordId } from './user-store.ts';

/** Who ran the command, as far as the machine tells: the audit log's OPERATOR record names them. */
export interface Operator {
  /** Where the change came from, e.g. `cli` for `bloxtr8 users`. */
  readonly tool: string;
  /** The operating-system account that ran it, when known. */
  readonly osUser: string | null;
  readonly host: string | null;
}

/**
 * Sets the role of the user with this Discord id on an operator's word, outside the API: how the
 * first admin is made, and how a locked-out platform is repaired. Returns USER_NOT_FOUND when the
 * Discord user has not signed up: sign-up needs their consent to the terms, which only they can
 * give (in Discord), so the operator never creates a user. Audited as OPERATOR.
 */
export async function changeRoleAsOperator(
  db: Database,
  options: { readonly discordUserId: string; readonly role: UserRole; readonly operator: Operator },
): Promise<Result<PrivilegeChange, 'USER_NOT_FOUND'>> {
  const { operator } = options;
  return db.transaction(async (tx) => {
    const user = await lockUserByDiscordId(tx, options.discordUserId);
    if (user === undefined) return err('USER_NOT_FOUND' as const);
    if (user.role === options.role) return ok({ user, changed: false });
    const changed = await applyRoleChange(tx, {
      user,
      role: options.role,
      changer: {
        actorType: 'OPERATOR',
        actorId: null,
        context: { ...NO_REQUEST_CONTEXT, userAgent: `bloxtr8 ${operator.tool}` },
        detail: { via: operator.tool, osUser: operator.osUser, host: operator.host },
      },
    });
    return ok({ user: changed, changed: true });
  });
}

import type { Database } from '@bloxtr8/db';
import { applyRoleChange } from './role-change.ts';
import type { RequestContext, User } from './user.ts';
import { lockUserById } from './user-store.ts';

/**
 * ADMIN_DISCORD_IDS: the Discord users an operator named as admins become ADMIN when they sign
 * up or sign in, audited as the platform's (SYSTEM) doing with the setting as its reason. Anyone
 * else, or an admin already, comes back as they are without touching the database; the setting
 * never demotes (that is `bloxtr8 users revoke`).
 */
export async function promoteBootstrapAdmin(
  db: Database,
  options: {
    readonly user: User;
    readonly adminDiscordIds: ReadonlySet<string>;
    readonly context: RequestContext;
  },
): Promise<User> {
  const { user, adminDiscordIds, context } = options;
  if (user.role === 'ADMIN' || !adminDiscordIds.has(user.discordUserId)) return user;
  return db.transaction(async (tx) => {
    const locked = await lockUserById(tx, user.id);
    if (locked === undefined || locked.role === 'ADMIN') return locked ?? user;
    return applyRoleChange(tx, {
      user: locked,
      role: 'ADMIN',
      changer: {
        actorType: 'SYSTEM',
        actorId: null,
        context,
        detail: { reason: 'ADMIN_DISCORD_IDS' },
      },
    });
  });
}

import { recordAudit } from '@bloxtr8/audit';
import type { Database } from '@bloxtr8/db';
import type { Clock } from '@bloxtr8/platform';
import { newId } from '@bloxtr8/platform';
import type { RequestContext, User } from './user.ts';
import type { UserRow } from './user-store.ts';
import { findUserByDiscordId, USER_COLUMNS, userOf } from './user-store.ts';

export interface SignUpUserOptions {
  readonly discordUserId: string;
  readonly discordUsername: string;
  readonly context: RequestContext;
}

/**
 * `/signup` (SPEC §3.1): creates the user at TIER_0 with the moment of terms consent. Idempotent
 * on the Discord user: signing up again returns the existing user unchanged (`created: false`),
 * also when two sign-ups race (the unique key decides, the loser reads the winner's row).
 */
export async function signUpUser(
  db: Database,
  clock: Clock,
  options: SignUpUserOptions,
): Promise<{ readonly user: User; readonly created: boolean }> {
  const created = await db.transaction(async (tx) => {
    const { rows } = await tx.query<UserRow>(
      `insert into identity.users (id, discord_user_id, discord_username, terms_accepted_at)
       values ($1, $2, $3, $4)
       on conflict (discord_user_id) do nothing
       returning ${USER_COLUMNS}`,
      [newId(), options.discordUserId, options.discordUsername, clock.now()],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const user = userOf(row);
    await recordAudit(tx, {
      actorType: 'USER',
      actorId: user.id,
      action: 'identity.user.sign_up',
      subjectType: 'user',
      subjectId: user.id,
      ...auditContextOf(options.context),
      detail: { discordUserId: user.discordUserId, termsAccepted: true },
    });
    return user;
  });
  if (created !== undefined) return { user: created, created: true };
  const existing = await findUserByDiscordId(db, options.discordUserId);
  if (existing === undefined) throw new Error('sign-up conflicted but no user row exists');
  return { user: existing, created: false };
}

export function auditContextOf(context: RequestContext) {
  return {
    ip: context.ip,
    userAgent: context.userAgent,
    requestId: context.requestId,
    traceId: null,
  };
}

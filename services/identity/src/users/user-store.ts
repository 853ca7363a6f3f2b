import type { Queryable } from '@bloxtr8/db';
import type { KycTier, User, UserRole } from './user.ts';

export interface UserRow {
  id: string;
  discord_user_id: string;
  discord_username: string;
  role: UserRole;
  kyc_tier: KycTier;
  terms_accepted_at: Date;
  created_at: Date;
}

export const USER_COLUMNS =
  'id, discord_user_id, discord_username, role, kyc_tier, terms_accepted_at, created_at';

export function userOf(row: UserRow): User {
  return {
    id: row.id,
    discordUserId: row.discord_user_id,
    discordUsername: row.discord_username,
    role: row.role,
    tier: row.kyc_tier,
    termsAcceptedAt: row.terms_accepted_at,
    createdAt: row.created_at,
  };
}

export async function findUserById(db: Queryable, userId: string): Promise<User | undefined> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from identity.users where id = $1`,
    [userId],
  );
  return rows[0] === undefined ? undefined : userOf(rows[0]);
}

export async function findUserByDiscordId(
  db: Queryable,
  discordUserId: string,
): Promise<User | undefined> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from identity.users where discord_user_id = $1`,
    [discordUserId],
  );
  return rows[0] === undefined ? undefined : userOf(rows[0]);
}

/** Locks the user's row for the rest of the transaction (role and tier changes). */
export async function lockUserById(tx: Queryable, userId: string): Promise<User | undefined> {
  return lockUserWhere(tx, 'id', userId);
}

/** Locks the row of the user with this Discord id, when they have signed up. */
export async function lockUserByDiscordId(
  tx: Queryable,
  discordUserId: string,
): Promise<User | undefined> {
  return lockUserWhere(tx, 'discord_user_id', discordUserId);
}

async function lockUserWhere(
  tx: Queryable,
  column: 'id' | 'discord_user_id',
  value: string,
): Promise<User | undefined> {
  const { rows } = await tx.query<UserRow>(
    `select ${USER_COLUMNS} from identity.users where ${column} = $1 for update`,
    [value],
  );
  return rows[0] === undefined ? undefined : userOf(rows[0]);
}

/** Users with one of these roles, oldest first, at most `limit`. */
export async function listUsersByRole(
  db: Queryable,
  options: { readonly roles: readonly UserRole[]; readonly limit: number },
): Promise<User[]> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from identity.users where role = any($1::text[])
     order by created_at, id limit $2`,
    [options.roles, options.limit],
  );
  return rows.map(userOf);
}

/** Keeps the stored Discord username current (people rename themselves); no-op when unchanged. */
export async function refreshDiscordUsername(
  db: Queryable,
  userId: string,
  discordUsername: string,
): Promise<void> {
  await db.query(
    `update identity.users set discord_username = $2, updated_at = now()
     where id = $1 and discord_username <> $2`,
    [userId, discordUsername],
  );
}

import type { Queryable } from '@bloxtr8/db';
import { Secret } from '@bloxtr8/platform';

/**
 * What a user granted Bloxtr8 on Roblox when linking: a refresh token (rotated on every use) and
 * the scopes it carries. Kept so the marketplace can read what Roblox shows only to the user.
 */
export interface RobloxGrant {
  readonly refreshToken: Secret;
  readonly scope: string;
}

/** The user's stored Roblox grant, if they have one (linked since grants were kept, not revoked). */
export async function findRobloxGrant(
  db: Queryable,
  userId: string,
): Promise<RobloxGrant | undefined> {
  const { rows } = await db.query<{ grant_refresh_token: string; grant_scope: string | null }>(
    `select grant_refresh_token, grant_scope from identity.linked_accounts
     where user_id = $1 and provider = 'ROBLOX' and grant_refresh_token is not null`,
    [userId],
  );
  const row = rows[0];
  return row === undefined
    ? undefined
    : { refreshToken: new Secret(row.grant_refresh_token), scope: row.grant_scope ?? '' };
}

/**
 * Replaces the grant `previous` with `next` (a rotation, or a new consent), unless another
 * request rotated it meanwhile: then theirs stays and false returns. `previous` null stores
 * `next` whatever was there (linking).
 */
export async function replaceRobloxGrant(
  db: Queryable,
  userId: string,
  change: { previous: Secret | null; next: RobloxGrant | null; at: Date },
): Promise<boolean> {
  const { next } = change;
  const { rows } = await db.query(
    `update identity.linked_accounts
     set grant_refresh_token = $3, grant_scope = $4, grant_updated_at = $5
     where user_id = $1 and provider = 'ROBLOX'
       and ($2::text is null or grant_refresh_token = $2)
     returning id`,
    [
      userId,
      change.previous?.reveal() ?? null,
      next?.refreshToken.reveal() ?? null,
      next?.scope ?? null,
      next === null ? null : change.at,
    ],
  );
  return rows.length > 0;
}

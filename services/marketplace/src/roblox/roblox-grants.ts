import type { Queryable } from '@bloxtr8/db';
import { findRobloxGrant, replaceRobloxGrant } from '@bloxtr8/identity';
import type { Clock, Result, Secret } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { RobloxFailure, RobloxOAuth } from './roblox-client.ts';

/**
 * ROBLOX_GRANT_MISSING: the user gave no grant we can use (linked before grants were kept, or
 * Roblox revoked it): they link their Roblox account again to renew it.
 */
export type RobloxGrantFailure = 'ROBLOX_GRANT_MISSING' | RobloxFailure;

/** Attempts at refreshing: a second one only when another request rotated the grant meanwhile. */
const REFRESH_ATTEMPTS_MAX = 2;

/**
 * A fresh access token from the user's stored Roblox grant, keeping the rotated refresh token
 * for next time. Two requests may refresh at once: the loser finds Roblox refusing a token the
 * winner already spent, reads the winner's token and tries once more. A grant Roblox refuses
 * and nobody rotated is dropped. No database transaction stays open while Roblox answers.
 */
export async function accessTokenFor(
  db: Queryable,
  oauth: Pick<RobloxOAuth, 'refresh'>,
  clock: Clock,
  userId: string,
): Promise<Result<Secret, RobloxGrantFailure>> {
  let grant = await findRobloxGrant(db, userId);
  for (let attempt = 1; grant !== undefined && attempt <= REFRESH_ATTEMPTS_MAX; attempt += 1) {
    const previous = grant.refreshToken;
    const refreshed = await oauth.refresh(previous);
    if (refreshed.ok) {
      const { accessToken, grant: next } = refreshed.value;
      await replaceRobloxGrant(db, userId, { previous, next, at: clock.now() });
      return ok(accessToken);
    }
    if (refreshed.error !== 'GRANT_REVOKED') return err(refreshed.error);
    grant = await findRobloxGrant(db, userId);
    if (grant?.refreshToken.reveal() === previous.reveal()) {
      await replaceRobloxGrant(db, userId, { previous, next: null, at: clock.now() });
      grant = undefined;
    }
  }
  return err('ROBLOX_GRANT_MISSING');
}

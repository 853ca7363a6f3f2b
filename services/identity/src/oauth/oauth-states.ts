import type { Database, Queryable } from '@bloxtr8/db';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import { generateCodeVerifier } from 'arctic';
import { hashSecretToken, newSecretToken } from '../tokens/secret-token.ts';

export type OAuthProvider = 'DISCORD' | 'ROBLOX';

/** SPEC §3.2: an OAuth state lives 10 minutes and is used once. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

/** Expired states removed per new state: bounded work that keeps the table from growing. */
const PURGE_BATCH = 100;

export interface StartedOAuthFlow {
  /** Goes to the provider (and into the browser's state cookie); only its hash is stored. */
  readonly state: string;
  /** PKCE verifier (RFC 7636), kept server-side until the callback. */
  readonly codeVerifier: string;
  readonly expiresAt: Date;
}

/**
 * Starts an authorisation: a fresh state (32 random bytes) and PKCE verifier, stored with where
 * to send the browser afterwards. `userId` binds a linking flow (Roblox) to the signed-in user.
 */
export async function startOAuthFlow(
  db: Database,
  clock: Clock,
  options: { provider: OAuthProvider; redirectPath: string; userId?: string },
): Promise<StartedOAuthFlow> {
  const { token: state, hash } = newSecretToken();
  const codeVerifier = generateCodeVerifier();
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + OAUTH_STATE_TTL_MS);
  await db.transaction(async (tx) => {
    await purgeExpiredStates(tx, now);
    await tx.query(
      `insert into identity.oauth_states (state_hash, provider, user_id, code_verifier,
         redirect_path, created_at, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        hash,
        options.provider,
        options.userId ?? null,
        codeVerifier,
        options.redirectPath,
        now,
        expiresAt,
      ],
    );
  });
  return { state, codeVerifier, expiresAt };
}

export interface ConsumedOAuthState {
  readonly codeVerifier: string;
  readonly redirectPath: string;
  readonly userId: string | null;
}

/**
 * Uses a state up: one atomic UPDATE that succeeds only for an unexpired, unconsumed state of
 * this provider, so of two callbacks with the same state exactly one proceeds. Returns
 * STATE_INVALID for unknown, expired, reused or malformed states alike.
 */
export async function consumeOAuthState(
  db: Queryable,
  clock: Clock,
  options: { provider: OAuthProvider; state: string },
): Promise<Result<ConsumedOAuthState, 'STATE_INVALID'>> {
  const hash = hashSecretToken(options.state);
  if (hash === undefined) return err('STATE_INVALID');
  const { rows } = await db.query<{
    code_verifier: string;
    redirect_path: string;
    user_id: string | null;
  }>(
    `update identity.oauth_states set consumed_at = $3
     where state_hash = $1 and provider = $2 and consumed_at is null and expires_at > $3
     returning code_verifier, redirect_path, user_id`,
    [hash, options.provider, clock.now()],
  );
  const row = rows[0];
  if (row === undefined) return err('STATE_INVALID');
  return ok({
    codeVerifier: row.code_verifier,
    redirectPath: row.redirect_path,
    userId: row.user_id,
  });
}

async function purgeExpiredStates(tx: Queryable, now: Date): Promise<void> {
  await tx.query(
    `delete from identity.oauth_states where state_hash in (
       select state_hash from identity.oauth_states where expires_at < $1 limit $2)`,
    [now, PURGE_BATCH],
  );
}

import type { RobloxGrant } from '@bloxtr8/identity';
import type { Result } from '@bloxtr8/platform';
import { err, ok, Secret } from '@bloxtr8/platform';
import type { OAuth2Tokens } from 'arctic';
import { CodeChallengeMethod, OAuth2Client, OAuth2RequestError } from 'arctic';
import { z } from 'zod';
import type {
  RefreshedGrant,
  RobloxConsent,
  RobloxFailure,
  RobloxOAuth,
  RobloxOAuthFailure,
} from './roblox-client.ts';
import { ROBLOX_ID } from './roblox-client.ts';
import type { RobloxHosts } from './roblox-hosts.ts';
import { robloxEndpoint } from './roblox-hosts.ts';
import type { RobloxRequestRuntime } from './roblox-request.ts';
import { getRobloxJson } from './roblox-request.ts';

export interface RobloxOAuthSettings {
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly hosts: RobloxHosts;
  /** Our callback, exactly as registered with the Roblox OAuth application. */
  readonly redirectUri: string;
}

/**
 * `openid` gives `sub` (the user id), `profile` the username, `group:read` the permissions of the
 * user's own group roles (read later, when they verify a group's game); nothing else is asked for.
 */
const SCOPES = ['openid', 'profile', 'group:read'];

/** apis.roblox.com/oauth/v1/userinfo (OpenID Connect claims). */
const ZUserInfo = z.object({
  sub: z.string().regex(ROBLOX_ID),
  preferred_username: z.string().min(1).max(100),
});

/**
 * The real adapter, on arctic's generic OAuth2 client (arctic's `Roblox` class hardcodes
 * apis.roblox.com; the sandbox and tests need a loopback double).
 */
export function createRobloxOAuth(
  settings: RobloxOAuthSettings,
  runtime: RobloxRequestRuntime,
): RobloxOAuth {
  const client = new OAuth2Client(
    settings.clientId,
    settings.clientSecret.reveal(),
    settings.redirectUri,
  );
  const endpoint = (path: string) => robloxEndpoint(settings.hosts.apis, path);
  return {
    authorizationUrl: (state, codeVerifier) =>
      client.createAuthorizationURLWithPKCE(
        endpoint('oauth/v1/authorize').toString(),
        state,
        CodeChallengeMethod.S256,
        codeVerifier,
        SCOPES,
      ),
    identify: async (code, codeVerifier): Promise<Result<RobloxConsent, RobloxOAuthFailure>> => {
      let tokens: OAuth2Tokens;
      try {
        // The code is single use: the exchange is never retried.
        tokens = await withDeadline(
          client.validateAuthorizationCode(
            endpoint('oauth/v1/token').toString(),
            code,
            codeVerifier,
          ),
          runtime.policy.timeoutMs,
        );
      } catch (error) {
        return err(isGrantRefusal(error) ? 'CODE_REJECTED' : 'ROBLOX_UNAVAILABLE');
      }
      const answer = await getRobloxJson(endpoint('oauth/v1/userinfo'), runtime, {
        authorization: `Bearer ${tokens.accessToken()}`,
      });
      if (!answer.ok) return answer;
      const info = ZUserInfo.safeParse(answer.value);
      if (!info.success) return err('ROBLOX_UNAVAILABLE');
      const identity = { userId: info.data.sub, username: info.data.preferred_username };
      return ok({ identity, grant: tokens.hasRefreshToken() ? grantOf(tokens) : null });
    },
    refresh: async (
      refreshToken,
    ): Promise<Result<RefreshedGrant, 'GRANT_REVOKED' | RobloxFailure>> => {
      try {
        // Not retried either: a rotated refresh token is spent once Roblox has seen it.
        const tokens = await withDeadline(
          client.refreshAccessToken(
            endpoint('oauth/v1/token').toString(),
            refreshToken.reveal(),
            [],
          ),
          runtime.policy.timeoutMs,
        );
        if (!tokens.hasRefreshToken()) return err('ROBLOX_UNAVAILABLE');
        return ok({ accessToken: new Secret(tokens.accessToken()), grant: grantOf(tokens) });
      } catch (error) {
        return err(isGrantRefusal(error) ? 'GRANT_REVOKED' : 'ROBLOX_UNAVAILABLE');
      }
    },
  };
}

function grantOf(tokens: OAuth2Tokens): RobloxGrant {
  return {
    refreshToken: new Secret(tokens.refreshToken()),
    scope: tokens.hasScopes() ? tokens.scopes().join(' ') : SCOPES.join(' '),
  };
}

/**
 * Roblox refused the code or refresh token (used, expired, revoked, wrong verifier or redirect):
 * asking again with it changes nothing.
 */
function isGrantRefusal(error: unknown): boolean {
  return (
    error instanceof OAuth2RequestError &&
    (error.code === 'invalid_grant' || error.code === 'invalid_request')
  );
}

/** arctic's token request takes no signal: stop waiting for it (the request itself runs on). */
function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const expired = new Promise<never>((_resolve, reject) => {
    deadline.addEventListener('abort', () => reject(deadline.reason), { once: true });
  });
  return Promise.race([work, expired]);
}

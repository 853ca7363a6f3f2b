import type { Result, Secret } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import { CodeChallengeMethod, OAuth2Client, OAuth2RequestError } from 'arctic';
import { DISCORD_SNOWFLAKE } from '../users/user.ts';
import type { DiscordIdentity, DiscordOAuth, DiscordOAuthFailure } from './discord-oauth.ts';

export interface DiscordOAuthSettings {
  readonly clientId: string;
  readonly clientSecret: Secret;
  /** https://discord.com, or a loopback double. Endpoints are derived from it. */
  readonly apiUrl: URL;
  /** Our callback, exactly as registered with the Discord application. */
  readonly redirectUri: string;
  /** Per call to Discord (token exchange, user lookup). */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const SCOPES = ['identify'];

/**
 * The real adapter, on arctic's generic OAuth2 client: arctic's `Discord` class hardcodes
 * discord.com, and we need a configurable base URL (the sandbox and tests use a loopback double).
 */
export function createDiscordOAuth(settings: DiscordOAuthSettings): DiscordOAuth {
  const client = new OAuth2Client(
    settings.clientId,
    settings.clientSecret.reveal(),
    settings.redirectUri,
  );
  const endpoint = (path: string) => new URL(path, settings.apiUrl).toString();
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    authorizationUrl: (state, codeVerifier) =>
      client.createAuthorizationURLWithPKCE(
        endpoint('/oauth2/authorize'),
        state,
        CodeChallengeMethod.S256,
        codeVerifier,
        SCOPES,
      ),
    identify: async (code, codeVerifier) => {
      let accessToken: string;
      try {
        const tokens = await withTimeout(
          client.validateAuthorizationCode(endpoint('/api/oauth2/token'), code, codeVerifier),
          timeoutMs,
        );
        accessToken = tokens.accessToken();
      } catch (error) {
        return err(isCodeRefusal(error) ? 'CODE_REJECTED' : 'PROVIDER_UNAVAILABLE');
      }
      return fetchCurrentUser(endpoint('/api/users/@me'), accessToken, timeoutMs);
    },
  };
}

/**
 * Discord said no to this code (used, expired, wrong verifier or redirect): the user starts
 * again. A refusal of our client itself (`invalid_client`…) is our misconfiguration and, like an
 * outage, nothing the user can fix.
 */
function isCodeRefusal(error: unknown): boolean {
  return (
    error instanceof OAuth2RequestError &&
    (error.code === 'invalid_grant' || error.code === 'invalid_request')
  );
}

async function fetchCurrentUser(
  url: string,
  accessToken: string,
  timeoutMs: number,
): Promise<Result<DiscordIdentity, DiscordOAuthFailure>> {
  let body: unknown;
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return err('PROVIDER_UNAVAILABLE');
    }
    body = await response.json();
  } catch {
    return err('PROVIDER_UNAVAILABLE');
  }
  const identity = identityOf(body);
  return identity === undefined ? err('PROVIDER_UNAVAILABLE') : ok(identity);
}

function identityOf(body: unknown): DiscordIdentity | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { id, username } = body as { id?: unknown; username?: unknown };
  if (typeof id !== 'string' || !DISCORD_SNOWFLAKE.test(id)) return undefined;
  if (typeof username !== 'string' || username.length < 1 || username.length > 100)
    return undefined;
  return { id, username };
}

/** arctic's token request takes no signal: stop waiting for it (the request itself runs on). */
function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

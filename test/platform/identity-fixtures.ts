import { randomBytes, randomInt } from 'node:crypto';
import type { IdentityGateway, RateLimitSettings } from '@bloxtr8/api';
import { identityGateway } from '@bloxtr8/api';
import type { Database, Queryable } from '@bloxtr8/db';
import type { Clock } from '@bloxtr8/platform';
import { newId, Secret } from '@bloxtr8/platform';
import type { DiscordDouble } from '@bloxtr8/sandbox/discord';
import type { FastifyInstance } from 'fastify';

/** The bot credential test gateways accept (`botHeaders` sends it); new in every test process. */
export const TEST_BOT_TOKEN = randomBytes(32).toString('base64url');
/** The CSRF key of test gateways; new in every test process. */
export const TEST_SESSION_SECRET = randomBytes(32).toString('base64url');

export type TestRole = 'USER' | 'MODERATOR' | 'ADMIN';
export type TestTier = 'TIER_0' | 'TIER_1' | 'TIER_2';

/** A signed-up user, as tests address them. */
export interface TestUser {
  readonly userId: string;
  readonly discordUserId: string;
  readonly username: string;
  readonly role: TestRole;
  readonly tier: TestTier;
}

export interface TestUserOptions {
  /** The user's id; a fresh one unless given (e.g. the seller of a test trade). */
  readonly userId?: string;
  readonly role?: TestRole;
  readonly tier?: TestTier;
  readonly discordUserId?: string;
  readonly username?: string;
}

/** A fresh, unique Discord user id (an 18-digit snowflake). */
export function newDiscordUserId(): string {
  return `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`;
}

/**
 * A signed-up user (terms accepted), written straight into identity.users: USER at TIER_0
 * unless asked otherwise. Faster than the bot's sign-up, and able to make staff.
 */
export async function signUpUser(db: Queryable, options: TestUserOptions = {}): Promise<TestUser> {
  const user: TestUser = {
    userId: options.userId ?? newId(),
    discordUserId: options.discordUserId ?? newDiscordUserId(),
    username: options.username ?? `trader-${randomInt(1_000_000)}`,
    role: options.role ?? 'USER',
    tier: options.tier ?? 'TIER_0',
  };
  await db.query(
    `insert into identity.users (id, discord_user_id, discord_username, role, kyc_tier,
       terms_accepted_at)
     values ($1, $2, $3, $4, $5, now())`,
    [user.userId, user.discordUserId, user.username, user.role, user.tier],
  );
  return user;
}

/** The headers of the Discord bot calling for a Discord user (no browser headers). */
export function botHeaders(discordUserId: string): Record<string, string> {
  return { authorization: `Bot ${TEST_BOT_TOKEN}`, 'x-discord-user-id': discordUserId };
}

export interface TestIdentityOptions {
  /** Sign-in with Discord through this double; sign-in answers 502 without one. */
  readonly discord?: Pick<DiscordDouble, 'url' | 'clientId' | 'clientSecret'>;
  readonly clock?: Clock;
  /** Where browsers reach the gateway; only its scheme matters to tests (https → Secure). */
  readonly publicUrl?: URL;
  /** Off unless given. */
  readonly rateLimit?: RateLimitSettings | false;
  readonly sessionPolicy?: IdentityGatewayPolicy;
  /** ADMIN_DISCORD_IDS of the gateway; none unless given. */
  readonly adminDiscordIds?: readonly string[];
}

type IdentityGatewayPolicy = NonNullable<Parameters<typeof identityGateway>[0]['sessionPolicy']>;

/**
 * The real identity gateway (authenticator, routes, plugins) with the test bot token and CSRF
 * key: pass it as `startTestPlatform({ api: testIdentityGateway })`, or its parts to buildServer.
 */
export function testIdentityGateway(
  db: Database,
  options: TestIdentityOptions = {},
): IdentityGateway {
  const discord = options.discord;
  return identityGateway({
    db,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    discord:
      discord === undefined
        ? // Nothing listens on the discard port: sign-in fails as "Discord unavailable".
          {
            clientId: '100000000000000000',
            clientSecret: new Secret('none'),
            apiUrl: new URL('http://127.0.0.1:9'),
          }
        : {
            clientId: discord.clientId,
            clientSecret: new Secret(discord.clientSecret),
            apiUrl: new URL(discord.url),
          },
    publicUrl: options.publicUrl ?? new URL('http://127.0.0.1'),
    botToken: new Secret(TEST_BOT_TOKEN),
    sessionSecret: new Secret(TEST_SESSION_SECRET),
    ...(options.sessionPolicy === undefined ? {} : { sessionPolicy: options.sessionPolicy }),
    ...(options.adminDiscordIds === undefined ? {} : { adminDiscordIds: options.adminDiscordIds }),
    rateLimit: options.rateLimit ?? false,
  });
}

/** A browser's sign-in: the session cookie and the CSRF token its page would hold. */
export interface BrowserSession {
  /** `name=value` of the session cookie, for a Cookie header. */
  readonly cookie: string;
  readonly csrfToken: string;
  /** Cookie plus x-csrf-token: what a page's fetch sends on a mutation. */
  readonly headers: Record<string, string>;
}

interface Hop {
  readonly status: number;
  readonly location: string | null;
  readonly setCookies: readonly string[];
  readonly body: string;
}

/**
 * Signs a Discord user in the way a browser does, through the real OAuth flow: the gateway's
 * login redirect, the double's authorise step (granting as `user` at once), the callback with
 * the state cookie, then GET /api/me for the CSRF token. The user must have signed up.
 */
export async function signInWithDiscord(
  gateway: string | FastifyInstance,
  discord: Pick<DiscordDouble, 'url'>,
  user: { readonly discordUserId: string; readonly username?: string },
  options: { readonly redirect?: string } = {},
): Promise<BrowserSession> {
  const hop = (path: string, cookie?: string) => gatewayHop(gateway, path, cookie);
  const login = await hop(
    `/api/auth/discord/login?redirect=${encodeURIComponent(options.redirect ?? '/')}`,
  );
  expectRedirect('login', login);
  const stateCookie = cookiePairs(login.setCookies);
  const authorize = new URL(login.location ?? '');
  if (authorize.origin !== discord.url)
    throw new Error(`login redirected to ${authorize.origin}, not the double`);
  authorize.searchParams.set('test_user_id', user.discordUserId);
  if (user.username !== undefined) authorize.searchParams.set('test_username', user.username);
  const granted = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(granted.headers.get('location') ?? '', 'http://invalid');
  await granted.body?.cancel();
  if (granted.status !== 302 || !callback.searchParams.has('code')) {
    throw new Error(`the double did not grant (${granted.status}, ${callback.toString()})`);
  }
  const finished = await hop(`${callback.pathname}${callback.search}`, stateCookie);
  expectRedirect('callback', finished);
  const sessionCookie = cookiePairs(
    finished.setCookies.filter(
      (line) => line.includes('bloxtr8_session=') && !/bloxtr8_session=;/.test(line),
    ),
  );
  if (sessionCookie === '') throw new Error('the callback set no session cookie');
  const me = await hop('/api/me', sessionCookie);
  if (me.status !== 200) throw new Error(`GET /api/me answered ${me.status}: ${me.body}`);
  const csrfToken = (JSON.parse(me.body) as { csrfToken: string }).csrfToken;
  return {
    cookie: sessionCookie,
    csrfToken,
    headers: { cookie: sessionCookie, 'x-csrf-token': csrfToken },
  };
}

function expectRedirect(step: string, hop: Hop): void {
  if (hop.status !== 302 || hop.location === null) {
    throw new Error(`${step} answered ${hop.status} instead of a redirect: ${hop.body}`);
  }
}

/** `a=1; b=2` from Set-Cookie lines (attributes dropped). */
function cookiePairs(setCookies: readonly string[]): string {
  return setCookies
    .map((line) => line.split(';')[0] ?? '')
    .filter((pair) => pair !== '')
    .join('; ');
}

async function gatewayHop(
  gateway: string | FastifyInstance,
  path: string,
  cookie?: string,
): Promise<Hop> {
  const headers: Record<string, string> = cookie === undefined || cookie === '' ? {} : { cookie };
  if (typeof gateway === 'string') {
    const response = await fetch(`${gateway}${path}`, { headers, redirect: 'manual' });
    return {
      status: response.status,
      location: response.headers.get('location'),
      setCookies: response.headers.getSetCookie(),
      body: await response.text(),
    };
  }
  const response = await gateway.inject({ method: 'GET', url: path, headers });
  const setCookie = response.headers['set-cookie'];
  const location = response.headers.location;
  return {
    status: response.statusCode,
    location: typeof location === 'string' ? location : null,
    setCookies: setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie],
    body: response.body,
  };
}

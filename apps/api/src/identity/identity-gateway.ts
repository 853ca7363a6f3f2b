import type { Database } from '@bloxtr8/db';
import type { SessionPolicy } from '@bloxtr8/identity';
import { createDiscordOAuth, DEFAULT_SESSION_POLICY } from '@bloxtr8/identity';
import type { Clock, Secret } from '@bloxtr8/platform';
import { systemClock } from '@bloxtr8/platform';
import { fastifyCookie } from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { Authenticator } from '../auth/authenticator.ts';
import type { RouteModule } from '../route-module.ts';
import { adminUserRoutes } from './admin-user-routes.ts';
import { discordSignInRoutes } from './discord-sign-in-routes.ts';
import { createIdentityAuthenticator } from './identity-authenticator.ts';
import { identityCookiesFor } from './identity-cookies.ts';
import type { RateLimitSettings } from './identity-rate-limit.ts';
import { rateLimitPlugin } from './identity-rate-limit.ts';
import { IdentityRequests } from './identity-request-state.ts';
import { sessionRoutes } from './session-routes.ts';
import { signUpRoute } from './sign-up-route.ts';

/** The Discord application that signs people in (real Discord, or the loopback double). */
export interface DiscordClientSettings {
  readonly clientId: string;
  readonly clientSecret: Secret;
  /** https://discord.com, or the double's URL. */
  readonly apiUrl: URL;
}

export interface IdentityGatewayOptions {
  readonly db: Database;
  readonly clock?: Clock;
  readonly discord: DiscordClientSettings;
  /** Where browsers reach the gateway: the OAuth callback and the cookies' Secure flag. */
  readonly publicUrl: URL;
  /** The bot's credential; without one, `Authorization: Bot` is always refused. */
  readonly botToken: Secret | undefined;
  /** Key of the CSRF tokens. */
  readonly sessionSecret: Secret;
  readonly sessionPolicy?: Partial<SessionPolicy>;
  /** `false` serves without rate limits (tests of other things). */
  readonly rateLimit: RateLimitSettings | false;
  /** ADMIN_DISCORD_IDS: made ADMIN when they sign up or sign in; nobody when absent. */
  readonly adminDiscordIds?: readonly string[];
}

/** What the composition root passes to `buildServer`. */
export interface IdentityGateway {
  readonly authenticator: Authenticator;
  readonly routes: readonly RouteModule[];
  readonly plugins: ReadonlyArray<(app: FastifyInstance) => Promise<void>>;
}

/** Discord sends the browser back here; register exactly this URL with the Discord app. */
export function discordCallbackUrl(publicUrl: URL): string {
  return new URL('/api/auth/discord/callback', publicUrl).toString();
}

/**
 * Sign-in, sessions, the bot credential, sign-up, role and tier administration and rate limits,
 * as the gateway serves them (ADR 0010).
 */
export function identityGateway(options: IdentityGatewayOptions): IdentityGateway {
  const { db, publicUrl, sessionSecret } = options;
  const clock = options.clock ?? systemClock;
  const sessionPolicy = { ...DEFAULT_SESSION_POLICY, ...options.sessionPolicy };
  const cookies = identityCookiesFor(publicUrl);
  const requests = new IdentityRequests();
  const adminDiscordIds: ReadonlySet<string> = new Set(options.adminDiscordIds ?? []);
  const discord = createDiscordOAuth({
    clientId: options.discord.clientId,
    clientSecret: options.discord.clientSecret,
    apiUrl: options.discord.apiUrl,
    redirectUri: discordCallbackUrl(publicUrl),
  });
  const authenticator = createIdentityAuthenticator({
    db,
    clock,
    cookies,
    sessionPolicy,
    sessionSecret,
    botToken: options.botToken,
    requests,
    adminDiscordIds,
  });
  const cookiePlugin = async (app: FastifyInstance) => {
    // Before the cookie plugin's own onSend hook, which writes what setCookie collected.
    app.addHook('onSend', async (request, reply) => {
      for (const cookie of requests.peek(request)?.cookies ?? []) {
        reply.setCookie(cookie.name, cookie.value, cookie.options);
      }
    });
    await app.register(fastifyCookie);
  };
  return {
    authenticator,
    routes: [
      signUpRoute({ db, clock, requests, adminDiscordIds }),
      discordSignInRoutes({ db, clock, discord, cookies, sessionPolicy, adminDiscordIds }),
      sessionRoutes({ db, clock, cookies, sessionSecret, requests }),
      adminUserRoutes({ db }),
    ],
    plugins: [
      cookiePlugin,
      ...(options.rateLimit === false ? [] : [rateLimitPlugin(options.rateLimit, requests)]),
    ],
  };
}

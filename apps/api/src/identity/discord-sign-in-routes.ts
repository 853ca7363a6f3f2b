import { timingSafeEqual } from 'node:crypto';
import type { Database } from '@bloxtr8/db';
import type { DiscordOAuth, SessionPolicy } from '@bloxtr8/identity';
import {
  consumeOAuthState,
  findUserByDiscordId,
  OAUTH_STATE_TTL_MS,
  promoteBootstrapAdmin,
  refreshDiscordUsername,
  startOAuthFlow,
  startSession,
} from '@bloxtr8/identity';
import type { Clock } from '@bloxtr8/platform';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Problem } from '../problem.ts';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';
import type { IdentityCookies } from './identity-cookies.ts';
import { isSafeRedirectPath } from './redirect-path.ts';
import { requestContextOf } from './request-context.ts';

export interface DiscordSignInDependencies {
  readonly db: Database;
  readonly clock: Clock;
  readonly discord: DiscordOAuth;
  readonly cookies: IdentityCookies;
  readonly sessionPolicy: SessionPolicy;
  /** ADMIN_DISCORD_IDS: made ADMIN as they sign in. */
  readonly adminDiscordIds: ReadonlySet<string>;
}

const ZRedirectPath = z
  .string()
  .refine(isSafeRedirectPath, 'must be a path on this site, e.g. /trades')
  .default('/');

const STATE_MISMATCH: Problem = {
  status: 400,
  code: 'OAUTH_STATE_MISMATCH',
  title: 'This sign-in was not started in this browser',
  detail: 'start again from the sign-in link',
};

/**
 * Sign-in with Discord: authorisation code with PKCE (S256). The state is stored hashed
 * (single use, 10 minutes) and also put in an HTTP-only cookie, so that only the browser that
 * started the sign-in can finish it (a callback link sent to someone else fails).
 */
export function discordSignInRoutes(dependencies: DiscordSignInDependencies): RouteModule {
  const { db, clock, discord, cookies } = dependencies;
  return (app) => {
    const routes = zodRoutes(app);
    routes.get(
      '/api/auth/discord/login',
      {
        schema: {
          tags: ['identity'],
          summary: 'Start signing in with Discord (redirects to Discord)',
          querystring: z.object({ redirect: ZRedirectPath }),
        },
        config: { access: { who: 'anyone' } },
      },
      async (request, reply) => {
        const flow = await startOAuthFlow(db, clock, {
          provider: 'DISCORD',
          redirectPath: request.query.redirect,
        });
        reply.setCookie(
          cookies.oauthState,
          flow.state,
          cookies.oauthStateOptions(OAUTH_STATE_TTL_MS / 1000),
        );
        return reply
          .header('cache-control', 'no-store')
          .redirect(discord.authorizationUrl(flow.state, flow.codeVerifier).toString(), 302);
      },
    );

    routes.get(
      '/api/auth/discord/callback',
      {
        schema: {
          tags: ['identity'],
          summary: 'Where Discord sends the browser back; sets the session cookie',
          querystring: z.object({
            code: z.string().min(1).max(512).optional(),
            state: z.string().min(1).max(512).optional(),
            error: z.string().max(200).optional(),
          }),
        },
        config: { access: { who: 'anyone' } },
      },
      async (request, reply) => {
        reply.clearCookie(cookies.oauthState, cookies.clearOptions());
        reply.header('cache-control', 'no-store');
        const { code, state, error } = request.query;
        const expected = request.cookies[cookies.oauthState];
        if (state === undefined || expected === undefined || !isSameText(state, expected)) {
          return sendProblem(reply, STATE_MISMATCH);
        }
        const consumed = await consumeOAuthState(db, clock, { provider: 'DISCORD', state });
        if (!consumed.ok) {
          return sendProblem(reply, {
            status: 400,
            code: 'OAUTH_STATE_INVALID',
            title: 'This sign-in link has expired or was used already',
            detail: 'start again from the sign-in link',
          });
        }
        if (error !== undefined || code === undefined) {
          return sendProblem(reply, {
            status: 400,
            code: 'OAUTH_DENIED',
            title: 'Discord did not authorise the sign-in',
          });
        }
        return finishSignIn(dependencies, request, reply, {
          code,
          codeVerifier: consumed.value.codeVerifier,
          redirectPath: consumed.value.redirectPath,
        });
      },
    );
  };
}

async function finishSignIn(
  dependencies: DiscordSignInDependencies,
  request: Parameters<typeof requestContextOf>[0],
  reply: FastifyReply,
  flow: { code: string; codeVerifier: string; redirectPath: string },
): Promise<FastifyReply> {
  const { db, clock, discord, cookies, sessionPolicy } = dependencies;
  const identity = await discord.identify(flow.code, flow.codeVerifier);
  if (!identity.ok) {
    return sendProblem(
      reply,
      identity.error === 'CODE_REJECTED'
        ? { status: 400, code: 'OAUTH_CODE_REJECTED', title: 'Discord refused the sign-in code' }
        : { status: 502, code: 'DISCORD_UNAVAILABLE', title: 'Discord could not be reached' },
    );
  }
  const user = await findUserByDiscordId(db, identity.value.id);
  if (user === undefined) {
    // Sign-up needs consent to the terms, which the bot's /signup collects: never implied here.
    return sendProblem(reply, {
      status: 403,
      code: 'SIGNUP_REQUIRED',
      title: 'Sign up in Discord first',
      detail: 'run /signup in the Bloxtr8 Discord server, then sign in again',
    });
  }
  await refreshDiscordUsername(db, user.id, identity.value.username);
  const context = requestContextOf(request);
  await promoteBootstrapAdmin(db, {
    user,
    adminDiscordIds: dependencies.adminDiscordIds,
    context,
  });
  const session = await startSession(db, clock, sessionPolicy, {
    userId: user.id,
    method: 'discord_oauth',
    context,
  });
  reply.setCookie(cookies.session, session.token, cookies.sessionOptions(session.expiresAt));
  // The stored path was checked when the sign-in started; checked again, as it leaves for a browser.
  const target = isSafeRedirectPath(flow.redirectPath) ? flow.redirectPath : '/';
  return reply.redirect(target, 302);
}

function isSameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

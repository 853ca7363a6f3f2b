import type { Database } from '@bloxtr8/db';
import { consumeOAuthState, linkRobloxAccount, startOAuthFlow } from '@bloxtr8/identity';
import type { RobloxOAuth } from '@bloxtr8/marketplace';
import type { Clock } from '@bloxtr8/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalOf } from '../auth/access.ts';
import { isSafeRedirectPath } from '../identity/redirect-path.ts';
import { requestContextOf } from '../identity/request-context.ts';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';
import { linkProblem, MARKETPLACE_PROBLEMS, robloxOAuthProblem } from './marketplace-problems.ts';

export interface RobloxLinkDependencies {
  readonly db: Database;
  readonly clock: Clock;
  readonly oauth: RobloxOAuth;
}

/** Roblox sends the browser back here; register exactly this URL with the Roblox OAuth app. */
export const ROBLOX_CALLBACK_PATH = '/api/link/roblox/callback';

const ZRedirectPath = z
  .string()
  .refine(isSafeRedirectPath, 'must be a path on this site, e.g. /listings/new')
  .default('/');

const ZStarted = z.object({ authorizeUrl: z.url(), expiresAt: z.string() });

/** Where an unsigned browser signs in with Discord before it may finish a link. */
const SIGN_IN_PATH = '/api/auth/discord/login';

/**
 * Linking a Roblox account (ADR 0012, ADR 0015): authorisation code with PKCE; the state (32
 * random bytes, 10 minutes, single use) is bound to the user who started. The browser that
 * finishes must be signed in as that user: the bot's authorisation URL can be handed to anyone,
 * and whoever consents on Roblox would otherwise link their Roblox account to the starter's.
 * A browser without a session is sent to sign in with Discord first and comes back here.
 */
export function robloxLinkRoutes(dependencies: RobloxLinkDependencies): RouteModule {
  const { db, clock, oauth } = dependencies;
  return (app) => {
    const routes = zodRoutes(app);
    routes.get(
      '/api/link/roblox/start',
      {
        schema: {
          tags: ['marketplace'],
          summary: 'Start linking a Roblox account',
          description:
            'A browser session is redirected to Roblox; the bot gets the authorisation URL to hand to the user (valid 10 minutes, once). The user finishes in a browser signed in with Discord as themselves. Linking the same account again renews the grant Bloxtr8 reads group roles with.',
          querystring: z.object({ redirect: ZRedirectPath }),
          response: { 200: ZStarted },
        },
        config: { access: { who: 'user' } },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        // A linked user may start again: consenting with the same account renews the grant
        // (another account is refused at the callback, ROBLOX_ALREADY_LINKED).
        const flow = await startOAuthFlow(db, clock, {
          provider: 'ROBLOX',
          redirectPath: request.query.redirect,
          userId: principal.userId,
        });
        const authorizeUrl = oauth.authorizationUrl(flow.state, flow.codeVerifier).toString();
        reply.header('cache-control', 'no-store');
        if (principal.via === 'session') return reply.redirect(authorizeUrl, 302);
        return { authorizeUrl, expiresAt: flow.expiresAt.toISOString() };
      },
    );

    routes.get(
      ROBLOX_CALLBACK_PATH,
      {
        schema: {
          tags: ['marketplace'],
          summary: 'Where Roblox sends the browser back; links the account and raises to TIER_1',
          querystring: z.object({
            code: z.string().min(1).max(1024).optional(),
            state: z.string().min(1).max(512).optional(),
            error: z.string().max(200).optional(),
          }),
        },
        config: { access: { who: 'anyone' } },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const { code, state, error } = request.query;
        if (state === undefined) return sendProblem(reply, MARKETPLACE_PROBLEMS.stateInvalid);
        const signedIn = request.principal?.via === 'session' ? request.principal : null;
        if (signedIn === null) return sendToSignIn(reply, request.url);
        // Consumed first, whatever follows: a state is good for one answer from Roblox.
        const consumed = await consumeOAuthState(db, clock, { provider: 'ROBLOX', state });
        if (!consumed.ok || consumed.value.userId === null) {
          return sendProblem(reply, MARKETPLACE_PROBLEMS.stateInvalid);
        }
        if (signedIn.userId !== consumed.value.userId) {
          return sendProblem(reply, MARKETPLACE_PROBLEMS.stateOfAnotherUser);
        }
        if (error !== undefined || code === undefined) {
          return sendProblem(reply, MARKETPLACE_PROBLEMS.denied);
        }
        return finishLink(dependencies, request, reply, {
          userId: consumed.value.userId,
          code,
          codeVerifier: consumed.value.codeVerifier,
          redirectPath: consumed.value.redirectPath,
        });
      },
    );
  };
}

/**
 * Sends a browser without a session to sign in with Discord and back to this very callback; the
 * state stays unused meanwhile. A callback URL too long to come back to is refused instead.
 */
function sendToSignIn(reply: FastifyReply, callbackUrl: string): FastifyReply {
  if (!isSafeRedirectPath(callbackUrl)) {
    return sendProblem(reply, MARKETPLACE_PROBLEMS.signInToLink);
  }
  return reply.redirect(`${SIGN_IN_PATH}?redirect=${encodeURIComponent(callbackUrl)}`, 302);
}

async function finishLink(
  dependencies: RobloxLinkDependencies,
  request: FastifyRequest,
  reply: FastifyReply,
  flow: { userId: string; code: string; codeVerifier: string; redirectPath: string },
): Promise<FastifyReply> {
  const { db, clock, oauth } = dependencies;
  const identity = await oauth.identify(flow.code, flow.codeVerifier);
  if (!identity.ok) return sendProblem(reply, robloxOAuthProblem(identity.error));
  const linked = await linkRobloxAccount(db, clock, {
    userId: flow.userId,
    roblox: identity.value.identity,
    grant: identity.value.grant,
    context: requestContextOf(request),
  });
  if (!linked.ok) return sendProblem(reply, linkProblem(linked.error));
  // The stored path was checked when linking started; checked again, as it leaves for a browser.
  const target = isSafeRedirectPath(flow.redirectPath) ? flow.redirectPath : '/';
  return reply.redirect(target, 302);
}

import type { Database } from '@bloxtr8/db';
import { csrfTokenFor, endSession } from '@bloxtr8/identity';
import type { Clock, Secret } from '@bloxtr8/platform';
import { z } from 'zod';
import { principalOf } from '../auth/access.ts';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';
import type { IdentityCookies } from './identity-cookies.ts';
import type { IdentityRequests } from './identity-request-state.ts';
import { requestContextOf } from './request-context.ts';
import { userView, ZUserView } from './user-view.ts';

export interface SessionRoutesDependencies {
  readonly db: Database;
  readonly clock: Clock;
  readonly cookies: IdentityCookies;
  readonly sessionSecret: Secret;
  readonly requests: IdentityRequests;
}

/** Who am I (with the CSRF token a page needs for its mutations), and sign-out. */
export function sessionRoutes(dependencies: SessionRoutesDependencies): RouteModule {
  const { db, clock, cookies, requests } = dependencies;
  return (app) => {
    const routes = zodRoutes(app);
    routes.get(
      '/api/me',
      {
        schema: {
          tags: ['identity'],
          summary: 'The signed-in user, and the CSRF token for session mutations',
          description:
            'Browser callers send `csrfToken` back in the `x-csrf-token` header of every POST, PUT, PATCH and DELETE. It is null for the bot, which needs none.',
          response: {
            200: z.object({
              user: ZUserView,
              via: z.enum(['session', 'bot']),
              csrfToken: z.string().nullable(),
              sessionExpiresAt: z.string().nullable(),
            }),
          },
        },
        config: { access: { who: 'user' } },
      },
      async (request) => {
        const principal = principalOf(request);
        const state = requests.of(request);
        const user = state.user;
        if (user === undefined) throw new Error('an authenticated request without its user');
        const session = state.session;
        return {
          user: userView(user),
          via: principal.via,
          csrfToken:
            session === undefined
              ? null
              : csrfTokenFor(dependencies.sessionSecret, session.familyId),
          sessionExpiresAt: session?.expiresAt.toISOString() ?? null,
        };
      },
    );

    routes.post(
      '/api/auth/logout',
      {
        schema: {
          tags: ['identity'],
          summary: 'Sign out: ends this session and every rotation of it',
          response: { 204: z.null() },
        },
        config: { access: { who: 'user' } },
      },
      async (request, reply) => {
        const session = requests.of(request).session;
        if (session === undefined) {
          return sendProblem(reply, {
            status: 400,
            code: 'NOT_A_SESSION',
            title: 'Only a browser session can sign out',
          });
        }
        await endSession(db, clock, { session, context: requestContextOf(request) });
        reply.clearCookie(cookies.session, cookies.clearOptions());
        return reply.code(204).send(null);
      },
    );
  };
}

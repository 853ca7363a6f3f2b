import type { Database } from '@bloxtr8/db';
import { promoteBootstrapAdmin, signUpUser } from '@bloxtr8/identity';
import type { Clock } from '@bloxtr8/platform';
import { z } from 'zod';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';
import { PROBLEMS } from './identity-problems.ts';
import type { IdentityRequests } from './identity-request-state.ts';
import { requestContextOf } from './request-context.ts';
import { userView, ZUserView } from './user-view.ts';

/**
 * POST /api/users: the bot's `/signup` (SPEC §3.1) for the Discord user in X-Discord-User-Id.
 * Open to "anyone" in access terms because the user does not exist yet; the bot credential is
 * checked here instead (the authenticator has verified it and noted the Discord user).
 */
export function signUpRoute(dependencies: {
  readonly db: Database;
  readonly clock: Clock;
  readonly requests: IdentityRequests;
  readonly adminDiscordIds: ReadonlySet<string>;
}): RouteModule {
  return (app) => {
    zodRoutes(app).post(
      '/api/users',
      {
        schema: {
          tags: ['identity'],
          summary: 'Sign up the Discord user the bot acts for (bot only; idempotent)',
          description:
            'Creates the user at TIER_0 with the time of terms consent. 201 when created, 200 with the existing user when they had signed up already. Needs `Authorization: Bot <token>` and `X-Discord-User-Id`.',
          security: [{ bot: [] }],
          body: z.object({
            discordUsername: z.string().trim().min(1).max(100),
            acceptTerms: z.literal(true, { error: 'the terms must be accepted' }),
          }),
          response: { 200: z.object({ user: ZUserView }), 201: z.object({ user: ZUserView }) },
        },
        config: { access: { who: 'anyone' } },
      },
      async (request, reply) => {
        const state = dependencies.requests.peek(request);
        const discordUserId = state?.botDiscordUserId;
        if (discordUserId === undefined) {
          return sendProblem(reply, state?.refusal ?? PROBLEMS.botCredentialRequired);
        }
        const context = requestContextOf(request);
        const { user, created } = await signUpUser(dependencies.db, dependencies.clock, {
          discordUserId,
          discordUsername: request.body.discordUsername,
          context,
        });
        const signedUp = await promoteBootstrapAdmin(dependencies.db, {
          user,
          adminDiscordIds: dependencies.adminDiscordIds,
          context,
        });
        return reply.code(created ? 201 : 200).send({ user: userView(signedUp) });
      },
    );
  };
}

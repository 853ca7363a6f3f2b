import type { Database } from '@bloxtr8/db';
import { z } from 'zod';
import { principalOf } from '../auth/access.ts';
import { isStaff } from '../auth/principal.ts';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';
import { awaitCommandOutcome, commandStatusOf, ZCommandStatusResponse } from './command-outcome.ts';
import { findAcceptedCommand } from './escrow-command-store.ts';
import { preferredWaitSeconds } from './prefer-wait.ts';

/** `GET /api/commands/:id`: where a command sent through the gateway stands (202 → follow). */
export function commandRoutes(db: Database): RouteModule {
  return (app) => {
    zodRoutes(app).get(
      '/api/commands/:id',
      {
        schema: {
          tags: ['escrow'],
          summary:
            'Whether a command was applied, or rejected and why; visible to its sender and staff',
          params: z.object({ id: z.uuid() }),
          headers: z.object({ prefer: z.string().optional() }),
          response: { 200: ZCommandStatusResponse },
        },
        config: { access: { who: 'user' } },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const command = await findAcceptedCommand(db, request.params.id);
        if (
          command === undefined ||
          !(command.actorId === principal.userId || isStaff(principal))
        ) {
          return sendProblem(reply, {
            status: 404,
            code: 'COMMAND_NOT_FOUND',
            title: 'No such command',
            detail: `command ${request.params.id} does not exist or is not yours`,
          });
        }
        const waitSeconds = preferredWaitSeconds(request.headers.prefer);
        if (waitSeconds === null) return commandStatusOf(db, command);
        reply.header('preference-applied', `wait=${waitSeconds}`);
        return awaitCommandOutcome(db, command, waitSeconds * 1000);
      },
    );
  };
}

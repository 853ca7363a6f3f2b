import type { Database } from '@bloxtr8/db';
import type { Actor, PrivilegeChange, PrivilegeChangeFailure } from '@bloxtr8/identity';
import { changeUserRole, changeUserTier, KYC_TIERS, USER_ROLES } from '@bloxtr8/identity';
import type { Result } from '@bloxtr8/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalOf } from '../auth/access.ts';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';
import { privilegeProblem } from './identity-problems.ts';
import { requestContextOf } from './request-context.ts';
import { userView, ZUserView } from './user-view.ts';

const ZUserParams = z.object({ id: z.uuid() });
const ZChangeAnswer = z.object({ user: ZUserView, changed: z.boolean() });

/** Role and KYC tier changes by staff; each change is audited with who made it. */
export function adminUserRoutes(dependencies: { readonly db: Database }): RouteModule {
  const { db } = dependencies;
  return (app) => {
    const routes = zodRoutes(app);
    routes.put(
      '/api/admin/users/:id/role',
      {
        schema: {
          tags: ['moderation'],
          summary: "Set a user's role (admins only; not their own)",
          params: ZUserParams,
          body: z.object({ role: z.enum(USER_ROLES) }),
          response: { 200: ZChangeAnswer },
        },
        config: { access: { who: 'admin' } },
      },
      async (request, reply) =>
        answer(
          reply,
          await changeUserRole(db, {
            actor: actorOf(request),
            userId: request.params.id,
            role: request.body.role,
            context: requestContextOf(request),
          }),
        ),
    );

    routes.put(
      '/api/admin/users/:id/tier',
      {
        schema: {
          tags: ['moderation'],
          summary: "Set a user's KYC tier",
          description:
            'Staff grant or remove the verified-seller badge (TIER_1 ↔ TIER_2); any other change overrides Roblox linking and is for admins only. TIER_2 needs TIER_1 first.',
          params: ZUserParams,
          body: z.object({ tier: z.enum(KYC_TIERS) }),
          response: { 200: ZChangeAnswer },
        },
        config: { access: { who: 'staff' } },
      },
      async (request, reply) =>
        answer(
          reply,
          await changeUserTier(db, {
            actor: actorOf(request),
            userId: request.params.id,
            tier: request.body.tier,
            context: requestContextOf(request),
          }),
        ),
    );
  };
}

function actorOf(request: FastifyRequest): Actor {
  const principal = principalOf(request);
  return { userId: principal.userId, role: principal.role };
}

function answer(
  reply: FastifyReply,
  result: Result<PrivilegeChange, PrivilegeChangeFailure>,
): FastifyReply {
  if (!result.ok) return sendProblem(reply, privilegeProblem(result.error));
  return reply.code(200).send({ user: userView(result.value.user), changed: result.value.changed });
}

import type { Database } from '@bloxtr8/db';
import type { RobloxReader, VerifiedGame } from '@bloxtr8/marketplace';
import { OWNERSHIP_METHODS, verifyGameOwnership } from '@bloxtr8/marketplace';
import type { Clock } from '@bloxtr8/platform';
import { z } from 'zod';
import { principalOf } from '../auth/access.ts';
import { requestContextOf } from '../identity/request-context.ts';
import { jsonSafe } from '../json-safe.ts';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';
import { ZRobloxId } from '../validation/postgres-bigint.ts';
import { ZGameSnapshot } from './game-snapshot-json.ts';
import { MARKETPLACE_PROBLEMS, verifyGameProblem } from './marketplace-problems.ts';

export interface GameVerificationDependencies {
  readonly db: Database;
  readonly clock: Clock;
  readonly roblox: RobloxReader;
}

const ZVerification = z.object({
  userId: z.string(),
  universeId: z.string(),
  verified: z.boolean(),
  method: z.enum(OWNERSHIP_METHODS).nullable(),
  groupId: z.string().nullable(),
  checkedAt: z.string(),
  expiresAt: z.string(),
});

const ZVerifiedGame = z.object({
  verification: ZVerification,
  snapshot: ZGameSnapshot,
  fromCache: z.boolean(),
});

/** Game ownership verification (ADR 0012), for the seller about to list a game. */
export function gameVerificationRoutes(dependencies: GameVerificationDependencies): RouteModule {
  const { db, clock, roblox } = dependencies;
  return (app) => {
    zodRoutes(app).post(
      '/api/games/:universeId/verify',
      {
        schema: {
          tags: ['marketplace'],
          summary: 'Verify that you control a Roblox game, and snapshot it',
          description:
            'Owner of the game, or owner/admin/developer of the group that owns it. The answer (either way) is kept 24 hours; a refusal is 403 GAME_NOT_OWNED. The snapshot id is what a listing refers to.',
          params: z.object({ universeId: ZRobloxId }),
          response: { 200: ZVerifiedGame },
        },
        config: { access: { who: 'user', minTier: 'TIER_1' } },
      },
      async (request, reply) => {
        const result = await verifyGameOwnership(db, roblox, clock, {
          userId: principalOf(request).userId,
          universeId: request.params.universeId,
          context: requestContextOf(request),
        });
        if (!result.ok) return sendProblem(reply, verifyGameProblem(result.error));
        const answer = jsonSafe<VerifiedGame>(result.value);
        if (answer.snapshot === null || !answer.verification.verified) {
          return sendProblem(reply, {
            ...MARKETPLACE_PROBLEMS.gameNotOwned,
            extensions: { verification: answer.verification },
          });
        }
        return { ...answer, snapshot: answer.snapshot };
      },
    );
  };
}

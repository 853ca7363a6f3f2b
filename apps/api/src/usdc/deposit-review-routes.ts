import type { Database } from '@bloxtr8/db';
import type { DepositReviewFailure } from '@bloxtr8/payments';
import { listDepositsInReview, reviewDeposit } from '@bloxtr8/payments';
import type { Clock } from '@bloxtr8/platform';
import { assertNever } from '@bloxtr8/platform';
import { z } from 'zod';
import { principalOf } from '../auth/access.ts';
import { requestContextOf } from '../identity/request-context.ts';
import { jsonSafe } from '../json-safe.ts';
import type { Problem } from '../problem.ts';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';

export interface DepositReviewDependencies {
  readonly db: Database;
  readonly clock: Clock;
  /** Wakes the payments relay (the events a decision writes), when payments run here. */
  readonly onCommitted?: () => void;
}

const ZQueue = z.object({
  items: z.array(
    z.object({
      depositId: z.string(),
      escrowId: z.string(),
      txHash: z.string(),
      senderAddress: z.string(),
      amountMinor: z.string(),
      riskScore: z.number().nullable(),
      seenAt: z.string(),
    }),
  ),
});

const ZReviewed = z.object({
  depositId: z.string(),
  escrowId: z.string(),
  status: z.string(),
  creditedMinor: z.string(),
  returnedMinor: z.string(),
  fundedEscrow: z.boolean(),
});

function reviewProblem(failure: DepositReviewFailure): Problem {
  switch (failure) {
    case 'DEPOSIT_NOT_FOUND':
      return { status: 404, code: failure, title: 'No such deposit' };
    case 'DEPOSIT_NOT_IN_REVIEW':
      return { status: 409, code: failure, title: 'This deposit is not waiting for a review' };
    default:
      return assertNever(failure, 'deposit review failure');
  }
}

/**
 * Moderators' queue of USDC deposits held for review (senders whose risk scored 50–80, SPEC §5)
 * and their decision on each: accept (it counts towards the escrow) or return (it goes back to
 * its sender). Signed-in staff only, never through the bot; every decision is audited.
 */
export function depositReviewRoutes(dependencies: DepositReviewDependencies): RouteModule {
  const { db, clock } = dependencies;
  return (app) => {
    const routes = zodRoutes(app);
    routes.get(
      '/api/admin/usdc/deposits',
      {
        schema: {
          tags: ['moderation'],
          summary: 'USDC deposits waiting for a moderator, oldest first',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).optional() }),
          response: { 200: ZQueue },
        },
        config: { access: { who: 'staff' } },
      },
      async (request) => ({
        items: jsonSafe(await listDepositsInReview(db, request.query.limit ?? 50)),
      }),
    );

    for (const decision of ['accept', 'return'] as const) {
      routes.post(
        `/api/admin/usdc/deposits/:id/${decision}`,
        {
          schema: {
            tags: ['moderation'],
            summary:
              decision === 'accept'
                ? 'Accept a deposit held for review: it counts towards its escrow'
                : 'Return a deposit held for review to its sender',
            params: z.object({ id: z.uuid() }),
            response: { 200: ZReviewed },
          },
          config: { access: { who: 'staff' } },
        },
        async (request, reply) => {
          const reviewed = await reviewDeposit(db, clock, {
            depositId: request.params.id,
            decision: decision === 'accept' ? 'ACCEPT' : 'RETURN',
            moderatorId: principalOf(request).userId,
            context: requestContextOf(request),
          });
          if (!reviewed.ok) return sendProblem(reply, reviewProblem(reviewed.error));
          dependencies.onCommitted?.();
          return jsonSafe(reviewed.value);
        },
      );
    }
  };
}

import type { Database } from '@bloxtr8/db';
import type { PayoutOnboardingFailure } from '@bloxtr8/payments';
import { payoutAccountStatus, startPayoutOnboarding } from '@bloxtr8/payments';
import { assertNever } from '@bloxtr8/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Stripe } from 'stripe';
import { z } from 'zod';
import { principalOf } from '../auth/access.ts';
import { isSafeRedirectPath } from '../identity/redirect-path.ts';
import { requestContextOf } from '../identity/request-context.ts';
import type { Problem } from '../problem.ts';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';

export interface PayoutRoutesDependencies {
  readonly db: Database;
  /** The official client, on real Stripe or on the sandbox (`createStripeClient`). */
  readonly stripe: Stripe;
  /** Where browsers reach this gateway: Stripe sends sellers back here after onboarding. */
  readonly publicUrl: URL;
}

export const PAYOUT_ACCOUNT_PATH = '/api/me/payout-account';
/** Stripe's `refresh_url`: an expired or used onboarding link lands here and gets a new one. */
export const PAYOUT_ONBOARDING_REFRESH_PATH = '/api/me/payout-account/refresh';

const PAYOUT_ACCOUNT_MISSING: Problem = {
  status: 404,
  code: 'PAYOUT_ACCOUNT_MISSING',
  title: 'You have no payout account yet',
  detail: `start Stripe onboarding with POST ${PAYOUT_ACCOUNT_PATH}`,
};

/** The gateway's table from payout onboarding failures to problems. */
function payoutProblem(failure: PayoutOnboardingFailure): Problem {
  switch (failure.code) {
    case 'STRIPE_UNAVAILABLE':
      return {
        status: 502,
        code: 'STRIPE_UNAVAILABLE',
        title: 'Stripe could not be reached',
        detail: 'try again in a few minutes; nothing was duplicated',
      };
    case 'USER_NOT_FOUND':
      return { status: 404, code: 'USER_NOT_FOUND', title: 'No such user' };
    case 'PAYOUT_ACCOUNT_TAKEN':
      return {
        status: 409,
        code: 'PAYOUT_ACCOUNT_TAKEN',
        title: 'This Stripe account is linked to another Bloxtr8 account',
      };
    default:
      return assertNever(failure, 'payout onboarding failure');
  }
}

const ZReturnPath = z
  .string()
  .refine(isSafeRedirectPath, 'must be a path on this site, e.g. /payouts')
  .default('/');

const ZOnboarding = z.object({
  accountId: z.string(),
  onboardingUrl: z.url(),
  payoutsEnabled: z.boolean(),
});

const ZStatus = z.object({
  accountId: z.string(),
  detailsSubmitted: z.boolean(),
  payoutsEnabled: z.boolean(),
});

/**
 * Getting paid: a seller's Stripe Connect (Express) account, where releases are transferred.
 * Onboarding itself happens on Stripe's hosted pages; no bank or identity data touches us.
 */
export function payoutRoutes(dependencies: PayoutRoutesDependencies): RouteModule {
  const { db, stripe } = dependencies;
  return (app) => {
    const routes = zodRoutes(app);
    routes.post(
      PAYOUT_ACCOUNT_PATH,
      {
        schema: {
          tags: ['payouts'],
          summary: 'Start (or resume) Stripe onboarding of your payout account',
          description:
            'Creates your Stripe Express account once, and returns a single-use onboarding link (valid a few minutes). Stripe sends you back to returnPath.',
          // Fastify hands a request without a body over as null.
          body: z.strictObject({ returnPath: ZReturnPath }).nullish(),
          response: { 200: ZOnboarding },
        },
        config: { access: { who: 'user', minTier: 'TIER_1' } },
      },
      async (request, reply) => {
        const started = await onboard(dependencies, request, request.body?.returnPath ?? '/');
        if (!started.ok) return failWith(request, reply, started.error);
        reply.header('cache-control', 'no-store');
        return started.value;
      },
    );

    routes.get(
      PAYOUT_ONBOARDING_REFRESH_PATH,
      {
        schema: {
          tags: ['payouts'],
          summary:
            'Where Stripe sends a browser whose onboarding link expired; redirects to a new one',
          querystring: z.object({ returnPath: ZReturnPath }),
        },
        config: { access: { who: 'user', minTier: 'TIER_1' } },
      },
      async (request, reply) => {
        const started = await onboard(dependencies, request, request.query.returnPath);
        if (!started.ok) return failWith(request, reply, started.error);
        reply.header('cache-control', 'no-store');
        return reply.redirect(started.value.onboardingUrl, 302);
      },
    );

    routes.get(
      PAYOUT_ACCOUNT_PATH,
      {
        schema: {
          tags: ['payouts'],
          summary: 'Your payout account, as Stripe sees it now',
          response: { 200: ZStatus },
        },
        config: { access: { who: 'user' } },
      },
      async (request, reply) => {
        const status = await payoutAccountStatus(db, stripe, principalOf(request).userId);
        if (!status.ok) return failWith(request, reply, status.error);
        if (status.value === undefined) return sendProblem(reply, PAYOUT_ACCOUNT_MISSING);
        reply.header('cache-control', 'no-store');
        return status.value;
      },
    );
  };
}

function onboard(dependencies: PayoutRoutesDependencies, request: FastifyRequest, path: string) {
  const { db, stripe, publicUrl } = dependencies;
  const refresh = new URL(PAYOUT_ONBOARDING_REFRESH_PATH, publicUrl);
  refresh.searchParams.set('returnPath', path);
  return startPayoutOnboarding(db, stripe, {
    userId: principalOf(request).userId,
    returnUrl: new URL(path, publicUrl).toString(),
    refreshUrl: refresh.toString(),
    context: requestContextOf(request),
  });
}

function failWith(
  request: FastifyRequest,
  reply: FastifyReply,
  failure: PayoutOnboardingFailure,
): FastifyReply {
  if (failure.code === 'STRIPE_UNAVAILABLE') {
    // The code and retryability only: Stripe's messages may quote our request.
    const { code, retryable } = failure.failure;
    request.log.warn({ stripeCode: code, retryable }, 'payout onboarding: a Stripe call failed');
  }
  return sendProblem(reply, payoutProblem(failure));
}

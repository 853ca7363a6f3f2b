import type { Database } from '@bloxtr8/db';
import type { WalletChallenge } from '@bloxtr8/identity';
import {
  findOpenWalletChallenge,
  findWallet,
  issueWalletChallenge,
  isWalletSignatureValid,
  linkWallet,
} from '@bloxtr8/identity';
import type { WalletScreener } from '@bloxtr8/payments';
import { isEvmAddress, screenRegisteredWallet } from '@bloxtr8/payments';
import type { Clock, Result } from '@bloxtr8/platform';
import { err } from '@bloxtr8/platform';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalOf } from '../auth/access.ts';
import { requestContextOf } from '../identity/request-context.ts';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';
import type { WalletRegistrationFailure } from './wallet-problems.ts';
import { walletProblem } from './wallet-problems.ts';

export interface WalletRoutesDependencies {
  readonly db: Database;
  readonly clock: Clock;
  /** TRM Labs and Chainalysis, as the payments service screens with them. */
  readonly screener: WalletScreener;
}

const ZPurpose = z
  .enum(['PAYOUT', 'REFUND'])
  .describe('PAYOUT: where sales are paid; REFUND: where USDC refunds go');
const ZAddress = z
  .string()
  .max(42)
  .refine(isEvmAddress, 'must be an EVM address (0x and 40 hex digits)');

const ZChallenge = z.object({
  challengeId: z.string(),
  purpose: ZPurpose,
  address: z.string(),
  message: z.string().describe('Sign exactly this text with the wallet (EIP-191 personal_sign)'),
  expiresAt: z.string(),
});

const ZRegistered = z.object({
  purpose: ZPurpose,
  address: z.string(),
  riskScore: z.number(),
});

const ZWallets = z.object({ payout: z.string().nullable(), refund: z.string().nullable() });

type Registered = z.infer<typeof ZRegistered>;

/**
 * USDC wallets (ADR 0022): a seller's payout wallet and a buyer's refund address, each proven by
 * an EIP-191 signature of a single-use challenge, screened (TRM Labs, Chainalysis) and audited.
 */
export function walletRoutes(dependencies: WalletRoutesDependencies): RouteModule {
  const { db, clock } = dependencies;
  return (app) => {
    const routes = zodRoutes(app);
    routes.post(
      '/api/me/wallets/challenge',
      {
        schema: {
          tags: ['payouts'],
          summary: 'A message to sign with the wallet you want to register (valid 10 minutes)',
          body: z.strictObject({ purpose: ZPurpose, address: ZAddress }),
          response: { 201: ZChallenge },
        },
        config: { access: { who: 'user', minTier: 'TIER_1' } },
      },
      async (request, reply) => {
        const challenge = await issueWalletChallenge(db, {
          userId: principalOf(request).userId,
          purpose: request.body.purpose,
          address: request.body.address,
          now: clock.now(),
        });
        reply.code(201).header('cache-control', 'no-store');
        return { ...challenge, expiresAt: challenge.expiresAt.toISOString() };
      },
    );

    routes.post(
      '/api/me/wallets',
      {
        schema: {
          tags: ['payouts'],
          summary: 'Register the wallet that signed a challenge, once it passes screening',
          body: z.strictObject({
            challengeId: z.uuid(),
            signature: z.string().max(200).describe('0x-prefixed 65-byte signature'),
          }),
          response: { 200: ZRegistered },
        },
        config: { access: { who: 'user', minTier: 'TIER_1' } },
      },
      async (request, reply) => {
        const registered = await register(dependencies, request, request.body);
        if (!registered.ok)
          return sendProblem(reply, walletProblem(registered.error.code, registered.error.detail));
        return registered.value;
      },
    );

    routes.get(
      '/api/me/wallets',
      {
        schema: {
          tags: ['payouts'],
          summary: 'Your registered USDC wallets',
          response: { 200: ZWallets },
        },
        config: { access: { who: 'user' } },
      },
      async (request) => {
        const { userId } = principalOf(request);
        const [payout, refund] = await Promise.all([
          findWallet(db, userId, 'PAYOUT'),
          findWallet(db, userId, 'REFUND'),
        ]);
        return { payout: payout ?? null, refund: refund ?? null };
      },
    );
  };
}

type Failure = { readonly code: WalletRegistrationFailure; readonly detail?: string };

async function register(
  dependencies: WalletRoutesDependencies,
  request: FastifyRequest,
  body: { readonly challengeId: string; readonly signature: string },
): Promise<Result<Registered, Failure>> {
  const { db, clock, screener } = dependencies;
  const { userId } = principalOf(request);
  const open = await findOpenWalletChallenge(db, {
    challengeId: body.challengeId,
    userId,
    now: clock.now(),
  });
  if (!open.ok) return err({ code: open.error });
  const challenge: WalletChallenge = open.value;
  if (!(await isWalletSignatureValid(challenge, body.signature))) {
    return err({ code: 'WALLET_SIGNATURE_INVALID' });
  }
  const screened = await screenRegisteredWallet(db, screener, clock, {
    address: challenge.address,
    purpose: challenge.purpose,
    userId,
  });
  if (!screened.ok) return err({ code: 'SCREENING_UNAVAILABLE' });
  if (screened.value.verdict !== 'ACCEPT') {
    return err({
      code: 'WALLET_REFUSED',
      detail: `screening verdict ${screened.value.verdict}; contact support`,
    });
  }
  const linked = await db.transaction((tx) =>
    linkWallet(tx, {
      userId,
      challenge,
      now: clock.now(),
      context: requestContextOf(request),
      screeningVerdict: screened.value.verdict,
    }),
  );
  if (!linked.ok) return err({ code: linked.error });
  return {
    ok: true,
    value: {
      purpose: challenge.purpose,
      address: linked.value.address,
      riskScore: screened.value.riskScore,
    },
  };
}

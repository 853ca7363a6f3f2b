import type { Database } from '@bloxtr8/db';
import type {
  Contract,
  FileStore,
  RobloxReader,
  SignByLinkFailure,
  SignedContract,
} from '@bloxtr8/marketplace';
import {
  CONTRACT_STATUSES,
  findContract,
  findContractByOffer,
  issueSignLink,
  listSignatures,
  SIGN_METHODS,
  signByLink,
  signContract,
} from '@bloxtr8/marketplace';
import type { Clock } from '@bloxtr8/platform';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { principalOf } from '../auth/access.ts';
import type { Principal } from '../auth/principal.ts';
import { isStaff } from '../auth/principal.ts';
import { requestContextOf } from '../identity/request-context.ts';
import { jsonSafe } from '../json-safe.ts';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';
import { CONTRACT_PROBLEMS, signProblem } from './contract-problems.ts';

export interface ContractRouteDependencies {
  readonly db: Database;
  readonly clock: Clock;
  readonly files: FileStore;
  /** Roblox, to re-check the seller's control of the game before a contract executes. */
  readonly roblox: RobloxReader;
  /** Called when a transaction put an event on the marketplace outbox (wakes its relay). */
  readonly onCommitted?: () => void;
}

/** What the user must type to sign (SPEC §3.5). */
const CONFIRMATION = 'I AGREE';
const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/);
const ZConfirm = z.string().max(100);

const ZSignature = z.object({
  id: z.string(),
  userId: z.string(),
  method: z.enum(SIGN_METHODS),
  signedAt: z.string(),
  pdfSha256: z.string(),
});

const ZContract = z.object({
  id: z.string(),
  offerId: z.string(),
  listingId: z.string(),
  buyerId: z.string(),
  sellerId: z.string(),
  amountMinor: z.string(),
  currency: z.string(),
  rail: z.string(),
  templateVersion: z.string(),
  snapshotId: z.string(),
  pdfSha256: z.string(),
  status: z.enum(CONTRACT_STATUSES),
  escrowId: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  executedAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
  signatures: z.array(ZSignature),
});

const ZSigned = z.object({
  contract: ZContract,
  signature: ZSignature,
  replayed: z.boolean(),
  executed: z.boolean(),
});

const ZParams = z.object({ id: z.uuid() });

function isPartyOrStaff(principal: Principal, contract: Contract): boolean {
  return (
    principal.userId === contract.buyerId ||
    principal.userId === contract.sellerId ||
    isStaff(principal)
  );
}

type ContractRequest = { principal: Principal | null; params: { id: string } };

/**
 * Contracts and their signatures (ADR 0013): quick sign (`I AGREE`), web sign through a single-use
 * 15-minute link, and reading the contract and its PDF (parties and staff).
 */
export function contractRoutes(dependencies: ContractRouteDependencies): RouteModule {
  const { db, clock, files, roblox } = dependencies;

  /** The contract, when the caller is one of its parties or staff; others learn nothing. */
  function visibleTo(request: ContractRequest, contract: Contract | undefined) {
    return contract !== undefined && isPartyOrStaff(principalOf(request), contract)
      ? contract
      : undefined;
  }

  async function findVisibleContract(request: ContractRequest): Promise<Contract | undefined> {
    return visibleTo(request, await findContract(db, request.params.id));
  }

  async function viewOf(contract: Contract) {
    const { pdfLocation: _location, ...visible } = contract;
    return jsonSafe({ ...visible, signatures: await listSignatures(db, contract.id) });
  }

  /** A refusal; a contract voided because the seller lost the game put an event on the outbox. */
  function refuseSigning(reply: FastifyReply, failure: SignByLinkFailure) {
    if (failure === 'OWNERSHIP_LOST') dependencies.onCommitted?.();
    return sendProblem(reply, signProblem(failure));
  }

  async function answerSigned(signed: SignedContract) {
    if (signed.executed) dependencies.onCommitted?.();
    return {
      contract: await viewOf(signed.contract),
      signature: jsonSafe(signed.signature),
      replayed: signed.replayed,
      executed: signed.executed,
    };
  }

  return (app) => {
    const routes = zodRoutes(app);
    routes.get(
      '/api/contracts/:id',
      {
        schema: {
          tags: ['contracts'],
          summary: 'A contract, its PDF hash and its signatures (parties and staff)',
          params: ZParams,
          response: { 200: ZContract },
        },
        config: { access: { who: 'user' } },
      },
      async (request, reply) => {
        const contract = await findVisibleContract(request);
        if (contract === undefined) return sendProblem(reply, CONTRACT_PROBLEMS.notFound);
        return viewOf(contract);
      },
    );

    routes.get(
      '/api/offers/:id/contract',
      {
        schema: {
          tags: ['contracts'],
          summary: 'The contract an accepted offer produced (parties and staff)',
          params: ZParams,
          response: { 200: ZContract },
        },
        config: { access: { who: 'user' } },
      },
      async (request, reply) => {
        const contract = visibleTo(request, await findContractByOffer(db, request.params.id));
        if (contract === undefined) return sendProblem(reply, CONTRACT_PROBLEMS.notFound);
        return viewOf(contract);
      },
    );

    routes.get(
      '/api/contracts/:id/pdf',
      {
        schema: {
          tags: ['contracts'],
          summary: 'The contract PDF (parties and staff); its SHA-256 is the contract’s pdfSha256',
          params: ZParams,
        },
        config: { access: { who: 'user' } },
      },
      async (request, reply) => {
        const contract = await findVisibleContract(request);
        if (contract === undefined) return sendProblem(reply, CONTRACT_PROBLEMS.notFound);
        const bytes = await files.get(contract.pdfLocation);
        if (bytes === undefined) throw new Error(`PDF of contract ${contract.id} is missing`);
        return (
          reply
            .type('application/pdf')
            // A signed agreement between two people: no shared cache may keep it.
            .header('cache-control', 'private, no-store')
            .header('content-disposition', `inline; filename="contract-${contract.id}.pdf"`)
            .send(Buffer.from(bytes))
        );
      },
    );

    routes.post(
      '/api/contracts/:id/sign',
      {
        schema: {
          tags: ['contracts'],
          summary: 'Quick sign: the buyer or the seller types I AGREE',
          description:
            'One signature per party; signing again answers the first signature (replayed). The second signature executes the contract and opens its escrow, once Roblox confirms the seller still controls the game (else 409 OWNERSHIP_LOST: the contract is voided and the listing withdrawn). Optionally send the pdfSha256 you were shown: a mismatch is refused.',
          params: ZParams,
          body: z.strictObject({ confirm: ZConfirm, pdfSha256: ZSha256.optional() }),
          response: { 200: ZSigned },
        },
        config: { access: { who: 'user', minTier: 'TIER_1' } },
      },
      async (request, reply) => {
        if (request.body.confirm !== CONFIRMATION) {
          return sendProblem(reply, CONTRACT_PROBLEMS.confirmationRequired);
        }
        const signed = await signContract(db, clock, roblox, {
          contractId: request.params.id,
          userId: principalOf(request).userId,
          method: 'QUICK_SIGN',
          context: requestContextOf(request),
          pdfSha256: request.body.pdfSha256,
        });
        if (!signed.ok) return refuseSigning(reply, signed.error);
        return answerSigned(signed.value);
      },
    );

    routes.post(
      '/api/contracts/:id/sign-link',
      {
        schema: {
          tags: ['contracts'],
          summary: 'A single-use, 15-minute link for signing on the web',
          description:
            'Bound to the caller and this contract. The path is served by the web app; until then, POST its token to /api/contracts/sign-by-link.',
          params: ZParams,
          response: { 201: z.object({ path: z.string(), expiresAt: z.string() }) },
        },
        config: { access: { who: 'user', minTier: 'TIER_1' } },
      },
      async (request, reply) => {
        const issued = await issueSignLink(db, clock, {
          contractId: request.params.id,
          userId: principalOf(request).userId,
          context: requestContextOf(request),
        });
        if (!issued.ok) return sendProblem(reply, signProblem(issued.error));
        return reply
          .code(201)
          .send({ path: issued.value.path, expiresAt: issued.value.expiresAt.toISOString() });
      },
    );

    routes.post(
      '/api/contracts/sign-by-link',
      {
        schema: {
          tags: ['contracts'],
          summary: 'Web sign with the token of a sign link (consumed once)',
          description:
            'The token is the credential: it signs as the party it was issued to. A used or expired link is refused (410) and nothing is written.',
          body: z.strictObject({ token: z.string().max(100), confirm: ZConfirm }),
          response: { 200: ZSigned },
        },
        config: { access: { who: 'anyone' } },
      },
      async (request, reply) => {
        if (request.body.confirm !== CONFIRMATION) {
          return sendProblem(reply, CONTRACT_PROBLEMS.confirmationRequired);
        }
        const signed = await signByLink(db, clock, roblox, {
          token: request.body.token,
          context: requestContextOf(request),
        });
        if (!signed.ok) return refuseSigning(reply, signed.error);
        return answerSigned(signed.value);
      },
    );
  };
}

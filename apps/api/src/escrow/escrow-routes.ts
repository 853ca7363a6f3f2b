import type { EscrowCommandEnvelope } from '@bloxtr8/contracts';
import { ActorRole, createMeta, EscrowCommandEnvelopeSchema } from '@bloxtr8/contracts';
import type { Database } from '@bloxtr8/db';
import { findClientSecret, findUsdcPaymentView } from '@bloxtr8/payments';
import type { Clock } from '@bloxtr8/platform';
import { newId, newTraceId } from '@bloxtr8/platform';
import type { EscrowDetails } from '@bloxtr8/projections';
import { getEscrowParties, getEscrowView, listUserTrades } from '@bloxtr8/projections';
import { create } from '@bufbuild/protobuf';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalOf } from '../auth/access.ts';
import type { Principal } from '../auth/principal.ts';
import { hasTier } from '../auth/principal.ts';
import { jsonSafe } from '../json-safe.ts';
import type { Problem } from '../problem.ts';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';
import {
  awaitCommandOutcome,
  commandStatusOf,
  commandUrl,
  freshStatusOf,
  ZCommandStatusResponse,
} from './command-outcome.ts';
import type { AnyEscrowAction } from './escrow-actions.ts';
import { ESCROW_ACTIONS } from './escrow-actions.ts';
import type { EscrowCapacity } from './escrow-capacity.ts';
import { capacityOf } from './escrow-capacity.ts';
import type { AcceptedCommand, CommandSubmission, RequestOrigin } from './escrow-command-store.ts';
import { submitEscrowCommand } from './escrow-command-store.ts';
import { escrowResponseOf, ZEscrowResponse } from './escrow-json.ts';
import { preferredWaitSeconds } from './prefer-wait.ts';
import { sendQueryFailure } from './query-failure.ts';
import { requestFingerprint } from './request-fingerprint.ts';

export interface EscrowApiDependencies {
  readonly db: Database;
  readonly clock: Clock;
  /** Called after a command committed to the outbox: wakes the relay that sends it. */
  readonly onCommitted?: () => void;
}

const ZEscrowId = z.object({ id: z.uuid().describe('The escrow id') });

/** Printable ASCII, as the IETF Idempotency-Key draft and Stripe use it. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const ZTradePage = z.object({
  items: z.array(
    z.object({
      escrowId: z.string(),
      role: z.enum(['BUYER', 'SELLER']),
      counterpartyId: z.string(),
      state: z.string().nullable(),
      amountMinor: z.string().nullable(),
      currency: z.string().nullable(),
      rail: z.string().nullable(),
      createdAt: z.string(),
      updatedAt: z.string().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/**
 * What the buyer needs to pay through Stripe's UI, while funds are awaited: the payments service
 * keeps Stripe's client secret (it never travels on the bus) and hands it out here, to the buyer
 * alone.
 */
async function clientSecretFor(
  db: Database,
  details: EscrowDetails,
  capacity: EscrowCapacity,
): Promise<string | null> {
  const { state, escrowId, providerPaymentId } = details.view;
  const isAwaitingFunds = state === null || state === 'AWAIT_FUNDS';
  // Shown together with the payment it pays, once the read model knows that payment.
  if (capacity !== 'BUYER' || !isAwaitingFunds || providerPaymentId === null) return null;
  return (await findClientSecret(db, escrowId)) ?? null;
}

function escrowNotFound(reply: FastifyReply, escrowId: string): FastifyReply {
  return sendProblem(reply, {
    status: 404,
    code: 'ESCROW_NOT_FOUND',
    title: 'No such escrow',
    detail: `escrow ${escrowId} does not exist or is not yours`,
  });
}

/** The escrow endpoints of SPEC §4: read one, list mine, and one POST per action. */
export function escrowRoutes(dependencies: EscrowApiDependencies): RouteModule {
  const { db } = dependencies;
  return (app) => {
    const routes = zodRoutes(app);

    routes.get(
      '/api/escrow/:id',
      {
        schema: {
          tags: ['escrow'],
          summary: 'One escrow with its timeline and, for the buyer, what paying needs',
          params: ZEscrowId,
          response: { 200: ZEscrowResponse },
        },
        // A moderator settling a dispute from Discord reads the escrow's case first.
        config: { access: { who: 'user', disputeHandling: true } },
      },
      async (request, reply) => {
        const details = await getEscrowView(db, request.params.id);
        const capacity =
          details === undefined ? null : capacityOf(details.view, principalOf(request));
        if (details === undefined || capacity === null) {
          return escrowNotFound(reply, request.params.id);
        }
        const usdc =
          details.view.rail === 'USDC_BASE'
            ? await findUsdcPaymentView(db, details.view.escrowId)
            : undefined;
        const clientSecret = await clientSecretFor(db, details, capacity);
        return escrowResponseOf(details, capacity, clientSecret, usdc);
      },
    );

    routes.get(
      '/api/escrows',
      {
        schema: {
          tags: ['escrow'],
          summary: 'My trades as buyer or seller, newest first',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(100).optional(),
            cursor: z.string().max(200).optional(),
          }),
          response: { 200: ZTradePage },
        },
        config: { access: { who: 'user' } },
      },
      async (request, reply) => {
        const page = await listUserTrades(db, principalOf(request).userId, request.query);
        if (!page.ok) return sendQueryFailure(reply, page.error);
        return jsonSafe(page.value);
      },
    );

    for (const action of ESCROW_ACTIONS) registerAction(dependencies, action)(app);
  };
}

function registerAction(dependencies: EscrowApiDependencies, action: AnyEscrowAction): RouteModule {
  const { db, clock } = dependencies;
  const staffOnly = !action.allowed.has('BUYER') && !action.allowed.has('SELLER');
  const bodyIsOptional = action.body.safeParse({}).success;
  return (app) => {
    zodRoutes(app).post(
      `/api/escrow/:id/${action.name}`,
      {
        schema: {
          tags: ['escrow'],
          summary: action.summary,
          description: `Allowed for: ${[...action.allowed].join(', ')}. Answers 202 with the command's status and a Location to follow; with \`Prefer: wait=N\` (N ≤ 10) it waits for the outcome and answers 200 once decided. An \`Idempotency-Key\` makes retries safe.`,
          params: ZEscrowId,
          body: bodyIsOptional ? action.body.nullish() : action.body,
          headers: z.object({
            'idempotency-key': z.string().optional(),
            prefer: z.string().optional(),
          }),
          response: { 200: ZCommandStatusResponse, 202: ZCommandStatusResponse },
        },
        config: {
          access: staffOnly
            ? { who: 'staff', disputeHandling: action.handlesDispute === true }
            : { who: 'user' },
        },
      },
      async (request, reply) => {
        const escrowId = request.params.id.toLowerCase();
        const principal = principalOf(request);
        const parties = await getEscrowParties(db, escrowId);
        const capacity = parties === undefined ? null : capacityOf(parties, principal);
        if (parties === undefined || capacity === null) return escrowNotFound(reply, escrowId);
        const idempotencyKey = request.headers['idempotency-key'] ?? null;
        const refusal =
          refusalOf(action, capacity, principal) ?? idempotencyKeyProblem(idempotencyKey);
        if (refusal !== undefined) return sendProblem(reply, refusal);
        const submitted = await submitEscrowCommand(
          db,
          submissionOf(action, {
            escrowId,
            principal,
            capacity,
            correlationId: parties.contractId ?? escrowId,
            idempotencyKey,
            body: (request.body ?? {}) as Record<string, unknown>,
            acceptedAt: clock.now(),
            origin: originOf(request),
          }),
        );
        if (submitted.kind === 'key-conflict') {
          return sendProblem(reply, {
            status: 422,
            code: 'IDEMPOTENCY_KEY_REUSED',
            title: 'This Idempotency-Key was used for another request',
            detail: `it belongs to command ${submitted.command.commandId}; use a new key for a new request`,
          });
        }
        if (!submitted.replayed) dependencies.onCommitted?.();
        return answerWithStatus(db, reply, submitted, request.headers.prefer);
      },
    );
  };
}

/**
 * 202 with the status to follow, or 200 once decided. A fresh command is ACCEPTED by definition;
 * a replayed one, or a caller who prefers to wait, gets what the projection knows.
 */
async function answerWithStatus(
  db: Database,
  reply: FastifyReply,
  submitted: { readonly command: AcceptedCommand; readonly replayed: boolean },
  prefer: string | undefined,
): Promise<FastifyReply> {
  const waitSeconds = preferredWaitSeconds(prefer);
  reply.header('location', commandUrl(submitted.command.commandId));
  if (waitSeconds !== null) reply.header('preference-applied', `wait=${waitSeconds}`);
  const status =
    waitSeconds !== null
      ? await awaitCommandOutcome(db, submitted.command, waitSeconds * 1000)
      : submitted.replayed
        ? await commandStatusOf(db, submitted.command)
        : freshStatusOf(submitted.command);
  return reply.code(status.status === 'ACCEPTED' ? 202 : 200).send(status);
}

function idempotencyKeyProblem(key: string | null): Problem | undefined {
  if (key === null || IDEMPOTENCY_KEY.test(key)) return undefined;
  return {
    status: 400,
    code: 'INVALID_IDEMPOTENCY_KEY',
    title: 'The Idempotency-Key is not valid',
    detail: 'use 1 to 255 printable ASCII characters, e.g. a UUID',
  };
}

/** Who may not do this here: the wrong party, a moderator judging their own trade, too low a tier. */
function refusalOf(
  action: AnyEscrowAction,
  capacity: EscrowCapacity,
  principal: Principal,
): Problem | undefined {
  if (!action.allowed.has(capacity)) {
    const ownTrade = capacity !== 'STAFF' && action.allowed.has('STAFF');
    return {
      status: 403,
      code: ownTrade ? 'OWN_TRADE' : 'NOT_YOUR_ACTION',
      title: ownTrade
        ? 'Staff do not settle their own trades'
        : `Only the ${[...action.allowed].join(' or ').toLowerCase()} may ${action.name}`,
      detail: `you are the ${capacity.toLowerCase()} of this escrow`,
    };
  }
  if (capacity !== 'STAFF' && !hasTier(principal, 'TIER_1')) {
    return {
      status: 403,
      code: 'TIER_TOO_LOW',
      title: 'This needs KYC TIER_1',
      detail: `your account is ${principal.tier}; link your Roblox account to trade`,
    };
  }
  return undefined;
}

interface SubmissionInit {
  readonly escrowId: string;
  readonly principal: Principal;
  readonly capacity: EscrowCapacity;
  readonly correlationId: string;
  readonly idempotencyKey: string | null;
  readonly body: Record<string, unknown>;
  readonly acceptedAt: Date;
  readonly origin: RequestOrigin;
}

/** The command to record and send, with its fresh ids, for an allowed request. */
function submissionOf(action: AnyEscrowAction, init: SubmissionInit): CommandSubmission {
  const commandId = newId();
  const traceId = newTraceId();
  const actorIsStaff = init.capacity === 'STAFF';
  return {
    commandId,
    escrowId: init.escrowId,
    action: action.name,
    actorId: init.principal.userId,
    actorIsStaff,
    via: init.principal.via,
    idempotencyKey: init.idempotencyKey,
    requestHash: requestFingerprint(action.name, init.escrowId, init.body),
    envelope: commandEnvelope(action, {
      commandId,
      escrowId: init.escrowId,
      actorId: init.principal.userId,
      actorRole: actorIsStaff ? ActorRole.ADMIN : ActorRole.USER,
      correlationId: init.correlationId,
      traceId,
      occurredAt: init.acceptedAt,
      body: init.body,
    }),
    traceId,
    acceptedAt: init.acceptedAt,
    origin: init.origin,
  };
}

interface CommandInit {
  readonly commandId: string;
  readonly escrowId: string;
  readonly actorId: string;
  readonly actorRole: ActorRole;
  readonly correlationId: string;
  readonly traceId: string;
  readonly occurredAt: Date;
  readonly body: Record<string, unknown>;
}

function commandEnvelope(action: AnyEscrowAction, init: CommandInit): EscrowCommandEnvelope {
  const meta = createMeta({
    eventId: init.commandId,
    occurredAt: init.occurredAt,
    traceId: init.traceId,
    correlationId: init.correlationId,
  });
  return create(EscrowCommandEnvelopeSchema, {
    command: {
      case: action.commandCase,
      value: {
        meta,
        escrowId: init.escrowId,
        actorId: init.actorId,
        actorRole: init.actorRole,
        ...action.fields(init.body),
      },
    } as EscrowCommandEnvelope['command'],
  });
}

function originOf(request: FastifyRequest): RequestOrigin {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: userAgent ?? null, requestId: request.id };
}

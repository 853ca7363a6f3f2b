import type { Database } from '@bloxtr8/db';
import type {
  AnsweredOffer,
  OnOfferAccepted,
  RecheckFailure,
  RobloxReader,
} from '@bloxtr8/marketplace';
import {
  acceptOffer,
  counterOffer,
  createOffer,
  declineOffer,
  deleteOfferDraft,
  findOffer,
  findOfferDraft,
  isOfferParty,
  LIST_LIMIT_MAX,
  listListingOffers,
  saveOfferDraft,
} from '@bloxtr8/marketplace';
import type { Clock, Result } from '@bloxtr8/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { jsonSafe } from '../json-safe.ts';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';
import { offerJson, ZAmountMinor, ZOfferResponse, zPage } from './listing-json.ts';
import type { ListingOfferFailure } from './listing-offer-problems.ts';
import { listingOfferProblem } from './listing-offer-problems.ts';
import { actorOf, ZListingId } from './listing-routes.ts';

export interface OfferRoutesDependencies {
  readonly db: Database;
  readonly clock: Clock;
  /** Roblox, to re-check the seller's control of the game when an offer is accepted. */
  readonly roblox: RobloxReader;
  /** Runs inside the accepting transaction once an offer is ACCEPTED (contract generation). */
  readonly onAccepted?: OnOfferAccepted;
  /** How long offers and counter-offers stand; 72 hours by default (SPEC §3.4). */
  readonly offerExpiryMs?: number;
}

const ZOfferId = z.object({ id: z.uuid().describe('The offer id') });
const ZProposal = z.object({
  amountMinor: ZAmountMinor.describe('Integer cents (USD), at most the asking price'),
  message: z.string().max(1000).optional(),
});
const ZDraft = z.object({
  data: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
  expiresAt: z.string(),
});
const TRADER = { who: 'user', minTier: 'TIER_1' } as const;

/** What a buyer's offer and a counter-offer both carry: who proposes, how much, how long. */
function proposalOf(
  request: FastifyRequest<{ Body: z.infer<typeof ZProposal> }>,
  expiryMs: number | undefined,
) {
  return {
    actor: actorOf(request),
    amountMinor: BigInt(request.body.amountMinor),
    message: request.body.message ?? null,
    ...(expiryMs === undefined ? {} : { expiryMs }),
  };
}

/** 201 for a new offer, 200 for a retry answered with the offer made before. */
function sendAnswered(
  reply: FastifyReply,
  result: Result<AnsweredOffer, ListingOfferFailure | RecheckFailure>,
  createdStatus: 200 | 201,
): FastifyReply {
  if (!result.ok) return sendProblem(reply, listingOfferProblem(result.error));
  return reply
    .code(result.value.replayed ? 200 : createdStatus)
    .send(offerJson(result.value.offer));
}

/** Offers and counter-offers (SPEC §3.4), and the drafts of the Discord offer flow. */
export function offerRoutes(dependencies: OfferRoutesDependencies): RouteModule {
  return (app) => {
    registerProposals(dependencies)(app);
    registerAnswers(dependencies)(app);
    registerDrafts(dependencies)(app);
  };
}

function registerProposals(dependencies: OfferRoutesDependencies): RouteModule {
  const { db, clock, offerExpiryMs } = dependencies;
  return (app) => {
    const routes = zodRoutes(app);
    routes.post(
      '/api/listings/:id/offers',
      {
        schema: {
          tags: ['marketplace'],
          summary: 'Make an offer on a listing',
          description:
            'The listing must be ACTIVE and not yours; the amount at most the asking price. One open offer per buyer and listing: a retry of the same offer answers 200 with it.',
          params: ZListingId,
          body: ZProposal,
          response: { 200: ZOfferResponse, 201: ZOfferResponse },
        },
        config: { access: TRADER },
      },
      async (request, reply) => {
        const result = await createOffer(db, clock, {
          listingId: request.params.id,
          ...proposalOf(request, offerExpiryMs),
        });
        return sendAnswered(reply, result, 201);
      },
    );

    routes.get(
      '/api/listings/:id/offers',
      {
        schema: {
          tags: ['marketplace'],
          summary: 'The offers on your listing, newest first (seller and staff)',
          params: ZListingId,
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(LIST_LIMIT_MAX).optional(),
            cursor: z.string().max(200).optional(),
          }),
          response: { 200: zPage(ZOfferResponse) },
        },
        config: { access: { who: 'user' } },
      },
      async (request, reply) => {
        const { userId, staff } = actorOf(request);
        const page = await listListingOffers(db, {
          listingId: request.params.id,
          viewer: { userId, staff },
          ...request.query,
        });
        if (!page.ok) return sendProblem(reply, listingOfferProblem(page.error));
        return jsonSafe(page.value);
      },
    );

    routes.get(
      '/api/offers/:id',
      {
        schema: {
          tags: ['marketplace'],
          summary: 'One offer (its parties and staff)',
          params: ZOfferId,
          response: { 200: ZOfferResponse },
        },
        config: { access: { who: 'user' } },
      },
      async (request, reply) => {
        const { userId, staff } = actorOf(request);
        const offer = await findOffer(db, request.params.id);
        if (offer === undefined || !(staff || isOfferParty(offer, userId))) {
          return sendProblem(reply, listingOfferProblem('OFFER_NOT_FOUND'));
        }
        return offerJson(offer);
      },
    );
  };
}

function registerAnswers(dependencies: OfferRoutesDependencies): RouteModule {
  const { db, clock, roblox, onAccepted, offerExpiryMs } = dependencies;
  const answer = (verb: string, summary: string) => ({
    schema: {
      tags: ['marketplace'],
      summary,
      description: `Only the party that did not propose the offer may ${verb} it. A retry of the same answer answers 200 with the same result; an offer answered otherwise is 409 OFFER_NOT_PENDING.`,
      params: ZOfferId,
      response: { 200: ZOfferResponse },
    },
    config: { access: TRADER },
  });
  return (app) => {
    const routes = zodRoutes(app);
    routes.post(
      '/api/offers/:id/accept',
      answer('accept', 'Accept an offer'),
      async (request, reply) => {
        const result = await acceptOffer(db, clock, {
          offerId: request.params.id,
          actor: actorOf(request),
          onAccepted,
          roblox,
        });
        return sendAnswered(reply, result, 200);
      },
    );

    routes.post(
      '/api/offers/:id/decline',
      answer('decline', 'Decline an offer'),
      async (request, reply) => {
        const result = await declineOffer(db, clock, {
          offerId: request.params.id,
          actor: actorOf(request),
        });
        return sendAnswered(reply, result, 200);
      },
    );

    const counter = answer('counter', 'Counter an offer with your own price');
    routes.post(
      '/api/offers/:id/counter',
      {
        ...counter,
        schema: {
          ...counter.schema,
          description: `${counter.schema.description} Answers 201 with the counter-offer; the offer becomes COUNTERED.`,
          body: ZProposal,
          response: { 200: ZOfferResponse, 201: ZOfferResponse },
        },
      },
      async (request, reply) => {
        const result = await counterOffer(db, clock, {
          offerId: request.params.id,
          ...proposalOf(request, offerExpiryMs),
        });
        return sendAnswered(reply, result, 201);
      },
    );
  };
}

function registerDrafts(dependencies: OfferRoutesDependencies): RouteModule {
  const { db, clock } = dependencies;
  const path = '/api/listings/:id/offer-draft';
  return (app) => {
    const routes = zodRoutes(app);
    routes.put(
      path,
      {
        schema: {
          tags: ['marketplace'],
          summary: 'Save your offer draft for a listing (≤ 4 KB, kept 30 minutes)',
          params: ZListingId,
          body: z.object({ data: z.record(z.string(), z.unknown()) }),
          response: { 200: ZDraft },
        },
        config: { access: TRADER },
      },
      async (request, reply) => {
        const result = await saveOfferDraft(db, clock, {
          listingId: request.params.id,
          actor: actorOf(request),
          data: request.body.data,
        });
        if (!result.ok) return sendProblem(reply, listingOfferProblem(result.error));
        return jsonSafe(result.value);
      },
    );

    routes.get(
      path,
      {
        schema: {
          tags: ['marketplace'],
          summary: 'Your offer draft for a listing, while it lives',
          params: ZListingId,
          response: { 200: ZDraft },
        },
        config: { access: TRADER },
      },
      async (request, reply) => {
        const draft = await findOfferDraft(db, clock, {
          userId: actorOf(request).userId,
          listingId: request.params.id,
        });
        if (draft === undefined) return sendProblem(reply, listingOfferProblem('DRAFT_NOT_FOUND'));
        return jsonSafe(draft);
      },
    );

    routes.delete(
      path,
      {
        schema: { tags: ['marketplace'], summary: 'Forget your offer draft', params: ZListingId },
        config: { access: TRADER },
      },
      async (request, reply) => {
        await deleteOfferDraft(db, { listingId: request.params.id, actor: actorOf(request) });
        return reply.code(204).send();
      },
    );
  };
}

import type { Database } from '@bloxtr8/db';
import type { MarketplaceActor, RobloxReader } from '@bloxtr8/marketplace';
import {
  createListing,
  deactivateListing,
  findListing,
  isListingVisibleTo,
  LIST_LIMIT_MAX,
  LISTING_STATUSES,
  LISTING_VISIBILITIES,
  searchListings,
  updateListingThread,
} from '@bloxtr8/marketplace';
import type { Clock } from '@bloxtr8/platform';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalOf } from '../auth/access.ts';
import { isStaff } from '../auth/principal.ts';
import { requestContextOf } from '../identity/request-context.ts';
import { jsonSafe } from '../json-safe.ts';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';
import { ZRobloxId } from '../validation/postgres-bigint.ts';
import { listingJson, ZAmountMinor, ZListingResponse, ZSnowflake, zPage } from './listing-json.ts';
import { createListingProblem, listingOfferProblem } from './listing-offer-problems.ts';

export interface ListingRoutesDependencies {
  readonly db: Database;
  readonly clock: Clock;
  readonly roblox: RobloxReader;
}

export const ZListingId = z.object({ id: z.uuid().describe('The listing id') });

const ZCreateListing = z.object({
  universeId: ZRobloxId,
  title: z.string().trim().min(1).max(255),
  summary: z.string().max(1000),
  priceMinor: ZAmountMinor.describe('Asking price in integer cents (USD)'),
  category: z.string().trim().min(1).max(100),
  visibility: z.enum(LISTING_VISIBILITIES),
  guildId: ZSnowflake.optional().describe('The Discord server; required for PRIVATE'),
  guildName: z.string().trim().min(1).max(100).optional(),
  channelId: ZSnowflake.optional(),
  threadId: ZSnowflake.optional(),
});

const ZSearch = z.object({
  status: z.enum(LISTING_STATUSES).optional(),
  category: z.string().max(100).optional(),
  minPriceMinor: z.coerce.number().int().min(0).optional(),
  maxPriceMinor: z.coerce.number().int().min(0).optional(),
  sellerId: z.uuid().optional(),
  visibility: z.enum(LISTING_VISIBILITIES).optional(),
  guildId: ZSnowflake.optional().describe(
    'The Discord server searched from: its PRIVATE listings are included',
  ),
  limit: z.coerce.number().int().min(1).max(LIST_LIMIT_MAX).optional(),
  cursor: z.string().max(200).optional(),
});

/** The caller as the marketplace sees them: who, whether staff, and where from (for the audit). */
export function actorOf(request: FastifyRequest): MarketplaceActor {
  const principal = principalOf(request);
  return {
    userId: principal.userId,
    staff: isStaff(principal),
    context: requestContextOf(request),
  };
}

const bigintOrUndefined = (value: number | undefined) =>
  value === undefined ? undefined : BigInt(value);

/** Listings (SPEC §3.3): create, read, search, thread info, deactivate. */
export function listingRoutes(dependencies: ListingRoutesDependencies): RouteModule {
  const { db, clock, roblox } = dependencies;
  return (app) => {
    const routes = zodRoutes(app);

    routes.post(
      '/api/listings',
      {
        schema: {
          tags: ['marketplace'],
          summary: 'List a Roblox game you control for sale',
          description:
            'Checks ownership (from the 24-hour cache when fresh) and stores the game snapshot with the listing. One ACTIVE listing per game: 409 LISTING_EXISTS.',
          body: ZCreateListing,
          response: { 201: ZListingResponse },
        },
        config: { access: { who: 'user', minTier: 'TIER_1' } },
      },
      async (request, reply) => {
        const body = request.body;
        const result = await createListing(db, roblox, clock, {
          sellerId: principalOf(request).userId,
          universeId: body.universeId,
          title: body.title,
          summary: body.summary,
          priceMinor: BigInt(body.priceMinor),
          category: body.category,
          visibility: body.visibility,
          guildId: body.guildId ?? null,
          guildName: body.guildName ?? null,
          channelId: body.channelId ?? null,
          threadId: body.threadId ?? null,
          context: requestContextOf(request),
        });
        if (!result.ok) return sendProblem(reply, createListingProblem(result.error));
        return reply.code(201).send(listingJson(result.value));
      },
    );

    routes.get(
      '/api/listings/:id',
      {
        schema: {
          tags: ['marketplace'],
          summary: 'One listing with its game snapshot',
          description:
            'A PRIVATE listing is found only with the guildId of its own server (or by its seller and staff).',
          params: ZListingId,
          querystring: z.object({ guildId: ZSnowflake.optional() }),
          response: { 200: ZListingResponse },
        },
        config: { access: { who: 'user' } },
      },
      async (request, reply) => {
        const listing = await findListing(db, request.params.id);
        const viewer = { ...actorOf(request), guildId: request.query.guildId ?? null };
        if (listing === undefined || !isListingVisibleTo(listing, viewer)) {
          return sendProblem(reply, listingOfferProblem('LISTING_NOT_FOUND'));
        }
        return listingJson(listing);
      },
    );

    routes.get(
      '/api/listings',
      {
        schema: {
          tags: ['marketplace'],
          summary: 'Search listings, newest first',
          description:
            'ACTIVE unless a status is given. PRIVATE listings appear only when guildId is their own server.',
          querystring: ZSearch,
          response: { 200: zPage(ZListingResponse) },
        },
        config: { access: { who: 'user' } },
      },
      async (request, reply) => {
        const { minPriceMinor, maxPriceMinor, ...filters } = request.query;
        const page = await searchListings(db, {
          ...filters,
          minPriceMinor: bigintOrUndefined(minPriceMinor),
          maxPriceMinor: bigintOrUndefined(maxPriceMinor),
        });
        if (!page.ok) return sendProblem(reply, listingOfferProblem(page.error));
        return jsonSafe(page.value);
      },
    );

    routes.patch(
      '/api/listings/:id/thread',
      {
        schema: {
          tags: ['marketplace'],
          summary: 'Record the Discord channel and thread of your listing',
          params: ZListingId,
          body: z
            .object({ channelId: ZSnowflake.nullable(), threadId: ZSnowflake.nullable() })
            .partial()
            .refine((change) => Object.keys(change).length > 0, 'give channelId or threadId'),
          response: { 200: ZListingResponse },
        },
        config: { access: { who: 'user', minTier: 'TIER_1' } },
      },
      async (request, reply) => {
        const result = await updateListingThread(db, clock, {
          listingId: request.params.id,
          actor: actorOf(request),
          change: request.body,
        });
        if (!result.ok) return sendProblem(reply, listingOfferProblem(result.error));
        return listingJson(result.value);
      },
    );

    routes.post(
      '/api/listings/:id/deactivate',
      {
        schema: {
          tags: ['marketplace'],
          summary: 'Take a listing off sale (seller or staff)',
          description: 'ACTIVE → INACTIVE; an INACTIVE listing answers as it is; SOLD stays SOLD.',
          params: ZListingId,
          response: { 200: ZListingResponse },
        },
        config: { access: { who: 'user' } },
      },
      async (request, reply) => {
        const result = await deactivateListing(db, clock, {
          listingId: request.params.id,
          actor: actorOf(request),
        });
        if (!result.ok) return sendProblem(reply, listingOfferProblem(result.error));
        return listingJson(result.value);
      },
    );
  };
}

import { recordAudit } from '@bloxtr8/audit';
import type { Database } from '@bloxtr8/db';
import type { GuildMarketplace } from '@bloxtr8/notifications';
import {
  findGuildMarketplace,
  PRICE_RANGE_KEYS,
  saveGuildMarketplace,
} from '@bloxtr8/notifications';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalOf } from '../auth/access.ts';
import { PROBLEMS } from '../identity/identity-problems.ts';
import { requestContextOf } from '../identity/request-context.ts';
import { ZSnowflake } from '../marketplace/listing-json.ts';
import { sendProblem } from '../problem.ts';
import type { RouteModule } from '../route-module.ts';
import { zodRoutes } from '../route-module.ts';

const ZGuildParams = z.object({ guildId: ZSnowflake });
const ZChannels = z.strictObject(
  Object.fromEntries(PRICE_RANGE_KEYS.map((key) => [key, ZSnowflake])) as Record<
    (typeof PRICE_RANGE_KEYS)[number],
    typeof ZSnowflake
  >,
);
const ZGuildMarketplace = z.object({ guildId: z.string(), channels: ZChannels });

const NOT_SET_UP = {
  status: 404,
  code: 'MARKETPLACE_NOT_SET_UP',
  title: 'This Discord server has no marketplace channels',
  detail: 'a server manager runs /marketplace setup',
} as const;

/**
 * A Discord server's marketplace channels, where the notifications post listings. Only the bot
 * calls these: Discord told it that the person manages the server (the API cannot check that).
 */
export function guildMarketplaceRoutes(dependencies: { readonly db: Database }): RouteModule {
  const { db } = dependencies;
  return (app) => {
    const routes = zodRoutes(app);
    routes.get(
      '/api/guilds/:guildId/marketplace',
      {
        schema: {
          tags: ['discord'],
          summary: 'The marketplace channels of a Discord server (bot only)',
          params: ZGuildParams,
          response: { 200: ZGuildMarketplace },
        },
        config: { access: { who: 'user' } },
      },
      async (request, reply) => {
        if (!isBot(request)) return sendProblem(reply, PROBLEMS.botCredentialRequired);
        const found = await findGuildMarketplace(db, request.params.guildId);
        return found === undefined ? sendProblem(reply, NOT_SET_UP) : found;
      },
    );
    routes.put(
      '/api/guilds/:guildId/marketplace',
      {
        schema: {
          tags: ['discord'],
          summary: 'Record the price-range channels /marketplace setup made (bot only; idempotent)',
          description: `One channel id per range: ${PRICE_RANGE_KEYS.join(', ')}. The bot checks that the caller manages the server. Audited.`,
          params: ZGuildParams,
          body: z.object({ channels: ZChannels }),
          response: { 200: ZGuildMarketplace },
        },
        config: { access: { who: 'user', minTier: 'TIER_0' } },
      },
      (request, reply) => saveMarketplace(db, request, reply),
    );
  };
}

async function saveMarketplace(
  db: Database,
  request: FastifyRequest<{
    Params: { guildId: string };
    Body: { channels: GuildMarketplace['channels'] };
  }>,
  reply: FastifyReply,
) {
  if (!isBot(request)) return sendProblem(reply, PROBLEMS.botCredentialRequired);
  const principal = principalOf(request);
  const context = requestContextOf(request);
  const marketplace = { guildId: request.params.guildId, channels: request.body.channels };
  return db.transaction(async (tx) => {
    const saved = await saveGuildMarketplace(tx, marketplace, principal.userId);
    await recordAudit(tx, {
      actorType: 'USER',
      actorId: principal.userId,
      action: 'discord.marketplace.setup',
      subjectType: 'guild',
      subjectId: marketplace.guildId,
      ip: context.ip,
      userAgent: context.userAgent,
      requestId: context.requestId,
      traceId: null,
      detail: { ...marketplace.channels, via: principal.via },
    });
    return saved;
  });
}

function isBot(request: FastifyRequest): boolean {
  return principalOf(request).via === 'bot';
}

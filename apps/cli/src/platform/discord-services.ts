import type { BotDependencies } from '@bloxtr8/bot';
import { BOT_HANDLERS, buildBotServer, GatewayClient, interactionsEndpoint } from '@bloxtr8/bot';
import type { MessageBus } from '@bloxtr8/bus';
import type { Database } from '@bloxtr8/db';
import { restDiscordMessenger, startNotificationsService } from '@bloxtr8/notifications';
import type { Logger, PlatformConfig, Secret } from '@bloxtr8/platform';
import { ConfigError } from '@bloxtr8/platform';
import type { FastifyInstance } from 'fastify';
import type { DiscordBotRuntime } from './discord-bot-settings.ts';
import { payUrlFor, resolveDiscordBot } from './discord-bot-settings.ts';
import type { SandboxHome } from './sandbox-home.ts';
import { sandboxHomeOnDemand } from './sandbox-home.ts';
import { sandboxesOf } from './sandbox-manifest.ts';
import type { StripeRail } from './stripe-rail-settings.ts';

type PayUrl = ReturnType<typeof payUrlFor>;

/** The notifications service on this database and bus, speaking to Discord (or its sandbox). */
export function startNotifications(
  context: { readonly db: Database; readonly bus: MessageBus; readonly logger: Logger },
  discord: DiscordBotRuntime,
) {
  return startNotificationsService({ ...context, messenger: restDiscordMessenger(discord.rest) });
}

export interface BotSettings {
  readonly config: PlatformConfig;
  readonly logger: Logger;
  readonly discord: DiscordBotRuntime;
  readonly payUrl: PayUrl;
  /** The bot credential it calls the gateway with. */
  readonly botToken: Secret | undefined;
  /** Where the gateway's public API is. */
  readonly gatewayUrl: () => string;
}

function botDependencies(settings: BotSettings): BotDependencies {
  if (settings.botToken === undefined) {
    throw new ConfigError(
      'BOT_API_TOKEN is required to run the Discord bot (the gateway’s bot credential)',
    );
  }
  return {
    gateway: new GatewayClient({ baseUrl: settings.gatewayUrl, botToken: settings.botToken }),
    discord: settings.discord.rest,
    applicationId: settings.discord.applicationId,
    publicUrl: settings.config.identity.publicUrl.toString(),
    payUrl: settings.payUrl,
    logger: settings.logger.child({ service: 'bot' }),
  };
}

/** `POST /interactions` on the gateway's own server (`bloxtr8 start`, `run gateway bot`). */
export function botOnGateway(settings: BotSettings): (app: FastifyInstance) => Promise<void> {
  return interactionsEndpoint({
    publicKeyHex: settings.discord.publicKeyHex,
    deps: botDependencies(settings),
    handlers: BOT_HANDLERS,
  });
}

/** The bot alone (`bloxtr8 run bot`), calling the gateway at PUBLIC_URL. */
export async function startBotAlone(
  settings: BotSettings,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = await buildBotServer({
    publicKeyHex: settings.discord.publicKeyHex,
    deps: botDependencies(settings),
    handlers: BOT_HANDLERS,
    logger: settings.logger,
  });
  const url = await server.listen({
    host: settings.config.http.host,
    port: settings.config.http.port,
  });
  return { url, stop: () => server.close() };
}

/** What the Discord parts take from the composition root. */
export interface DiscordContext {
  readonly config: PlatformConfig;
  readonly logger: Logger;
  readonly services: ReadonlySet<string>;
  readonly stoppers: Array<() => Promise<void>>;
  readonly sandboxHome: () => Promise<SandboxHome>;
}

/** The bot and the notifications speak for one Discord application (or its sandbox). */
export async function discordBotFor(
  context: DiscordContext,
): Promise<DiscordBotRuntime | undefined> {
  if (!context.services.has('bot') && !context.services.has('notifications')) return undefined;
  const discord = await resolveDiscordBot(context.config, context.logger, context.sandboxHome);
  context.stoppers.push(() => discord.close());
  return discord;
}

/** The bot's settings in this process: its own gateway, or the one at PUBLIC_URL. */
export function botSettings(
  context: DiscordContext,
  stripe: StripeRail | undefined,
  discord: DiscordBotRuntime,
  gatewayUrl: () => string = () => context.config.identity.publicUrl.toString(),
  botToken: Secret | undefined = context.config.identity.botToken,
): BotSettings {
  const { config, logger } = context;
  return {
    config,
    logger,
    discord,
    payUrl: payUrlFor(config, stripe?.sandboxUrl),
    botToken,
    gatewayUrl,
  };
}

/**
 * `bloxtr8 run bot` alone: no database, no bus — the bot holds nothing — only the interactions
 * endpoint on PORT, calling the gateway at PUBLIC_URL.
 */
export async function startBotOnly(config: PlatformConfig, logger: Logger) {
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopper of stoppers.reverse()) await stopper();
  };
  try {
    const context = {
      config,
      logger,
      services: new Set(['bot']),
      stoppers,
      sandboxHome: sandboxHomeOnDemand(config.dataDir, stoppers),
    };
    const discord = await discordBotFor(context);
    if (discord === undefined) throw new Error('the bot needs its Discord application');
    const bot = await startBotAlone(botSettings(context, undefined, discord));
    stoppers.push(bot.stop);
    return { gatewayUrl: bot.url, sandboxes: sandboxesOf({ discord: discord.sandbox?.url }), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

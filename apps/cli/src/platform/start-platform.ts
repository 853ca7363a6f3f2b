import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  buildServer,
  guildMarketplaceRoutes,
  marketplaceRoutes,
  payoutRoutes,
  startEscrowApi,
} from '@bloxtr8/api';
import type { MemberLedger, MessageBus } from '@bloxtr8/bus';
import { claimMemberSlot, openBus } from '@bloxtr8/bus';
import type { Database } from '@bloxtr8/db';
import { migrate, openDatabase } from '@bloxtr8/db';
import { DEFAULT_ESCROW_POLICY, startEscrowService } from '@bloxtr8/escrow';
import { findPayoutDestination } from '@bloxtr8/identity';
import type { MarketplaceService } from '@bloxtr8/marketplace';
import { startMarketplaceService } from '@bloxtr8/marketplace';
import type { PaymentsService, PayoutDestinations } from '@bloxtr8/payments';
import {
  createStripeClient,
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  receiveStripeWebhook,
  startPaymentsService,
} from '@bloxtr8/payments';
import type { Logger, PlatformConfig } from '@bloxtr8/platform';
import { systemClock } from '@bloxtr8/platform';
import { startProjectionsService } from '@bloxtr8/projections';
import { prepareTopics } from './check-bus-topics.ts';
import type { DiscordBotRuntime } from './discord-bot-settings.ts';
import {
  botOnGateway,
  botSettings,
  discordBotFor,
  startBotAlone,
  startBotOnly,
  startNotifications,
} from './discord-services.ts';
import { fileStoreFor } from './file-store-settings.ts';
import { resolveIdentity } from './identity-settings.ts';
import { resolveRoblox } from './roblox-settings.ts';
import type { SandboxHome } from './sandbox-home.ts';
import { sandboxHomeOnDemand } from './sandbox-home.ts';
import type { Sandbox } from './sandbox-manifest.ts';
import { sandboxesOf, writeSandboxManifest } from './sandbox-manifest.ts';
import type { StripeRail } from './stripe-rail-settings.ts';
import { stripeRailFor } from './stripe-rail-settings.ts';
import type { UsdcRailSetup } from './usdc-settings.ts';
import { resolveUsdcRail, usdcRoutes } from './usdc-settings.ts';

export const SERVICE_NAMES = [
  'gateway',
  'escrow',
  'payments',
  'projections',
  'marketplace',
  'notifications',
  'bot',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface RunningPlatform {
  /** Where the gateway listens, when this process runs it. */
  readonly gatewayUrl: string | undefined;
  /** Loopback stand-ins for providers that are not configured, each said out loud at start. */
  readonly sandboxes: readonly Sandbox[];
  stop(): Promise<void>;
}

export type { Sandbox } from './sandbox-manifest.ts';

type Stopper = () => Promise<void>;

/**
 * Starts the chosen services in this process on one database and one bus: all of them for the
 * embedded default (`bloxtr8 start`), or one per process when scaled out (`bloxtr8 run <service>`).
 * Whatever started is stopped in reverse order, also when a later start fails.
 */
export async function startPlatform(
  config: PlatformConfig,
  logger: Logger,
  services: ReadonlySet<ServiceName>,
): Promise<RunningPlatform> {
  if (services.size === 1 && services.has('bot')) return startBotOnly(config, logger);
  const stoppers: Stopper[] = [];
  const stop = async () => {
    for (const stopper of stoppers.reverse()) await stopper();
  };
  try {
    const db = await openDatabase(config.database, { applicationName: 'bloxtr8' });
    stoppers.push(() => db.close());
    const report = await migrate(db);
    if (report.applied.length > 0) logger.info({ applied: report.applied }, 'migrations applied');
    const memberLedger = await memberLedgerFor(config, services);
    if (memberLedger !== undefined) stoppers.push(() => memberLedger.release());
    const bus = await openBus(
      config,
      db,
      logger,
      memberLedger === undefined ? {} : { memberLedger },
    );
    stoppers.push(() => bus.close());
    await prepareTopics(bus, logger);
    const sandboxHome = sandboxHomeOnDemand(config.dataDir, stoppers);
    const started = await startServices({
      config,
      logger,
      db,
      bus,
      services,
      stoppers,
      sandboxHome,
    });
    return { ...started, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * On Kafka, each process of a kind (the same services) claims a slot on this machine that
 * remembers its consumer-group members, so a restart after kill -9 takes its partitions back at
 * once instead of after the session timeout (ADR 0017).
 */
function memberLedgerFor(
  config: PlatformConfig,
  services: ReadonlySet<ServiceName>,
): Promise<MemberLedger> | undefined {
  if (config.kafka.brokers === undefined) return undefined;
  const kind = [...services].sort().join('+');
  return claimMemberSlot(join(config.dataDir, 'kafka-members', kind));
}

interface ServiceContext {
  readonly config: PlatformConfig;
  readonly logger: Logger;
  readonly db: Database;
  readonly bus: MessageBus;
  readonly services: ReadonlySet<ServiceName>;
  readonly stoppers: Stopper[];
  /** The data folder's sandboxes, opened by the first provider that runs as one. */
  readonly sandboxHome: () => Promise<SandboxHome>;
}

async function startServices(context: ServiceContext): Promise<Omit<RunningPlatform, 'stop'>> {
  const { config, logger, db, bus, services, stoppers } = context;
  const stripe = await stripeRailFor(context);
  if (stripe !== undefined) stoppers.push(() => stripe.close());
  const usdc = await resolveUsdcRail({
    config,
    db,
    logger,
    runsPayments: services.has('payments'),
    runsGateway: services.has('gateway'),
    openSandboxHome: context.sandboxHome,
  });
  if (usdc !== undefined) stoppers.push(() => usdc.close());
  if (services.has('escrow')) {
    const { fundingTimeoutMs, autoReleaseMs, disputeAlertMs, platformFeeBps, sweepIntervalMs } =
      config.escrow;
    const escrow = await startEscrowService({
      db,
      bus,
      logger,
      policy: {
        ...DEFAULT_ESCROW_POLICY,
        fundingTimeoutMs,
        autoReleaseMs,
        disputeAlertMs,
        platformFeeBps,
      },
      sweeper: { intervalMs: sweepIntervalMs },
    });
    stoppers.push(() => escrow.stop());
  }
  let payments: PaymentsService | undefined;
  if (services.has('payments') && (stripe !== undefined || usdc?.settings !== undefined)) {
    payments = await startPaymentsService({
      db,
      bus,
      logger,
      ...(stripe === undefined ? {} : { stripe: stripe.settings }),
      ...(usdc?.settings === undefined ? {} : { usdc: usdc.settings }),
      payoutDestinations: payoutDestinationsFromIdentity(db),
      sweeper: { intervalMs: config.escrow.sweepIntervalMs },
    });
    const started = payments;
    stoppers.push(() => started.stop());
  }
  let marketplace: MarketplaceService | undefined;
  if (services.has('marketplace')) {
    marketplace = await startMarketplaceService({
      db,
      bus,
      logger,
      sweepIntervalMs: config.escrow.sweepIntervalMs,
    });
    const started = marketplace;
    stoppers.push(() => started.stop());
  }
  if (services.has('projections')) {
    const projections = await startProjectionsService({ db, bus, logger });
    stoppers.push(() => projections.stop());
  }
  const discord = await discordBotFor(context);
  if (discord !== undefined && services.has('notifications')) {
    const notifications = await startNotifications({ db, bus, logger }, discord);
    stoppers.push(() => notifications.stop());
  }
  if (!services.has('gateway')) {
    const bot =
      services.has('bot') && discord !== undefined
        ? await startBotAlone(botSettings(context, stripe, discord))
        : undefined;
    if (bot !== undefined) stoppers.push(bot.stop);
    const sandboxes = sandboxesOf({
      stripe: stripe?.sandboxUrl,
      discord: discord?.sandbox?.url,
      ...usdc?.sandboxUrls,
    });
    return { gatewayUrl: bot?.url, sandboxes };
  }
  return startGateway(context, { stripe, usdc, payments, marketplace, discord });
}

/** Payments asks where a seller is paid when it settles; identity (a shared library) knows. */
function payoutDestinationsFromIdentity(db: Database): PayoutDestinations {
  return { destinationFor: (sellerId, rail) => findPayoutDestination(db, sellerId, rail) };
}

/** The services running beside the gateway in this process, which its routes hand work to. */
interface Neighbours {
  readonly stripe: StripeRail | undefined;
  readonly usdc: UsdcRailSetup | undefined;
  readonly payments: PaymentsService | undefined;
  readonly marketplace: MarketplaceService | undefined;
  readonly discord: DiscordBotRuntime | undefined;
}

/**
 * The HTTP gateway: identity, the escrow API, the marketplace, payouts and Stripe's webhooks, with
 * the sandboxes of providers that have no credentials (announced in `sandbox.json`).
 */
async function startGateway(
  context: ServiceContext,
  neighbours: Neighbours,
): Promise<Omit<RunningPlatform, 'stop'>> {
  const { config, logger, db, bus, stoppers } = context;
  const { stripe, usdc, payments, marketplace, discord } = neighbours;
  const identity = await resolveIdentity(config.identity, logger, context.sandboxHome);
  stoppers.push(() => identity.close());
  const roblox = await resolveRoblox(
    config.roblox,
    config.identity.publicUrl,
    logger,
    context.sandboxHome,
  );
  stoppers.push(() => roblox.close());
  const signIn = identity.gatewayFor(db);
  const escrowApi = await startEscrowApi({ db, bus, logger, clock: systemClock });
  stoppers.push(() => escrowApi.stop());
  let ownUrl = '';
  const bot =
    discord === undefined || !context.services.has('bot')
      ? []
      : [
          botOnGateway(
            botSettings(
              context,
              stripe,
              discord,
              () => ownUrl,
              config.identity.botToken ?? identity.sandboxBotToken,
            ),
          ),
        ];
  const server = await buildServer({
    db,
    logger,
    trustProxy: config.http.trustProxy,
    authenticator: signIn.authenticator,
    routes: [
      ...signIn.routes,
      ...escrowApi.routes,
      guildMarketplaceRoutes({ db }),
      ...marketplaceRoutes({
        db,
        clock: systemClock,
        roblox: roblox.apis,
        files: fileStoreFor(config),
        ...(marketplace === undefined ? {} : { onCommitted: marketplace.relay.wake }),
      }),
      ...(stripe === undefined
        ? []
        : [
            payoutRoutes({
              db,
              stripe: createStripeClient(stripe.settings.connection),
              publicUrl: config.identity.publicUrl,
            }),
          ]),
      ...usdcRoutes(db, usdc, payments),
    ],
    plugins: [...signIn.plugins, ...bot],
    ...(stripe === undefined
      ? {}
      : {
          stripeWebhooks: (raw, signature) =>
            receiveStripeWebhook(
              {
                db,
                clock: systemClock,
                signingSecret: stripe.settings.webhookSecret,
                toleranceSeconds: DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
                ...(payments === undefined ? {} : { onCommitted: payments.relay.wake }),
              },
              raw,
              signature,
            ),
        }),
  });
  await server.listen({ host: config.http.host, port: config.http.port });
  stoppers.push(() => server.close());
  const { port } = server.server.address() as AddressInfo;
  ownUrl = `http://127.0.0.1:${port}`;
  await stripe?.connectWebhooks(ownUrl);
  if (bot.length > 0) await discord?.sandbox?.control.setInteractionsUrl(`${ownUrl}/interactions`);
  const gatewayUrl = `http://${config.http.host}:${port}`;
  const sandboxes = sandboxesOf({
    stripe: stripe?.sandboxUrl,
    discord: identity.discordSandboxUrl ?? discord?.sandbox?.url,
    roblox: roblox.robloxSandboxUrl,
    ...usdc?.sandboxUrls,
  });
  if (sandboxes.length > 0) {
    const removeManifest = await writeSandboxManifest(config.dataDir, {
      gatewayUrl: `http://127.0.0.1:${port}`,
      botToken: identity.sandboxBotToken?.reveal() ?? null,
      sandboxes: Object.fromEntries(sandboxes.map((sandbox) => [sandbox.provider, sandbox.url])),
    });
    stoppers.push(removeManifest);
  }
  return { gatewayUrl, sandboxes };
}

import { randomBytes } from 'node:crypto';
import type { Authenticator, EscrowApi, RouteModule } from '@bloxtr8/api';
import {
  buildServer,
  depositReviewRoutes,
  payoutRoutes,
  startEscrowApi,
  walletRoutes,
} from '@bloxtr8/api';
import type { MessageBus, OutgoingMessage, RetryPolicy } from '@bloxtr8/bus';
import { EmbeddedBus, headersFor } from '@bloxtr8/bus';
import type { TopicDefinition } from '@bloxtr8/contracts';
import { allTopicDefinitions, encodeEnvelope, TOPICS } from '@bloxtr8/contracts';
import type { Database } from '@bloxtr8/db';
import type { TestDatabase } from '@bloxtr8/db/testing';
import { createTestDatabase } from '@bloxtr8/db/testing';
import type { EscrowPolicy, EscrowService, EscrowStatus } from '@bloxtr8/escrow';
import { DEFAULT_ESCROW_POLICY, loadEscrow, startEscrowService } from '@bloxtr8/escrow';
import { findPayoutDestination, findWallet } from '@bloxtr8/identity';
import type { PaymentsService, UsdcSettings } from '@bloxtr8/payments';
import { createStripeClient, startPaymentsService } from '@bloxtr8/payments';
import { createLogger, ManualClock, Secret } from '@bloxtr8/platform';
import type { ProjectionsService } from '@bloxtr8/projections';
import { startProjectionsService } from '@bloxtr8/projections';
import type { StripeDouble } from '@bloxtr8/sandbox/stripe';
import { startStripeDouble } from '@bloxtr8/sandbox/stripe';
import type { MessageShape } from '@bufbuild/protobuf';
import type { FastifyInstance } from 'fastify';
import { eventually } from './eventually.ts';
import { testIdentityGateway } from './identity-fixtures.ts';
import { TopicRecorder } from './topic-recorder.ts';

export interface TestPlatformOptions {
  /** The bus to run on: the embedded log by default, or e.g. a Kafka bus. */
  readonly openBus?: (db: Database) => Promise<MessageBus>;
  /** Runs after the platform stopped, e.g. to delete a test's Kafka topics. */
  readonly afterStop?: () => Promise<void>;
  readonly policy?: Partial<EscrowPolicy>;
  /** Also run the projections service (read models for queries); off unless asked for. */
  readonly projections?: boolean;
  /**
   * Serve the escrow API (its routes, and the relay sending the commands they accept) with this
   * way of telling who calls, plus the routes and plugins that come with it; the real identity
   * gateway (`testIdentityGateway`) by default. Payout onboarding is always served.
   */
  readonly api?: (db: Database) => GatewayIdentity;
  /** The consumers' retry policy; fast by default. */
  readonly retry?: RetryPolicy;
  /** How long the payments service waits for one Stripe answer; 10 s by default. */
  readonly stripeTimeoutMs?: number;
  /** The USDC rail (`startUsdcTestRail(clock).settings`), with its wallet and review routes. */
  readonly usdc?: Omit<UsdcSettings, 'refundAddresses'>;
  /** The platform's clock; a new one at the current time unless given. */
  readonly clock?: ManualClock;
}

/** Who calls the test gateway, and the routes and plugins that decide it. */
export interface GatewayIdentity {
  readonly authenticator: Authenticator;
  readonly routes?: readonly RouteModule[];
  readonly plugins?: ReadonlyArray<(app: FastifyInstance) => Promise<void>>;
}

export interface TestPlatform {
  readonly db: Database;
  readonly bus: MessageBus;
  readonly clock: ManualClock;
  readonly stripe: StripeDouble;
  readonly escrow: EscrowService;
  readonly payments: PaymentsService;
  readonly recorder: TopicRecorder;
  /** The read models' service, when started with `projections: true`. */
  readonly projections: ProjectionsService | undefined;
  /** Where the gateway listens (it receives the double's signed webhooks). */
  readonly baseUrl: string;
  publish<Topic extends TopicDefinition>(
    topic: Topic,
    envelope: MessageShape<Topic['envelope']>,
  ): Promise<void>;
  escrowStatus(escrowId: string): Promise<EscrowStatus | undefined>;
  waitForStatus(escrowId: string, status: EscrowStatus, timeoutMs?: number): Promise<void>;
  /** Starts the payments service again after a test killed it. */
  restartPayments(): Promise<void>;
  stop(): Promise<void>;
}

/** The buyers' refund addresses are theirs in identity, as the composition root wires them. */
function withRefundAddresses(
  db: Database,
  usdc: Omit<UsdcSettings, 'refundAddresses'>,
): UsdcSettings {
  return {
    ...usdc,
    refundAddresses: { refundAddressFor: (buyerId) => findWallet(db, buyerId, 'REFUND') },
  };
}

function usdcRoutes(
  db: Database,
  clock: ManualClock,
  usdc: Omit<UsdcSettings, 'refundAddresses'>,
  wakePayments: () => void,
): RouteModule[] {
  return [
    walletRoutes({ db, clock, screener: usdc.screener }),
    depositReviewRoutes({ db, clock, onCommitted: wakePayments }),
  ];
}

/** Retries fast enough for tests, in the shape SPEC §6 prescribes. */
const TEST_RETRY: RetryPolicy = { initialMs: 20, maxMs: 200, maxAttempts: 5 };

/** Test timings for the embedded log: group hand-overs within a test's patience. */
const EMBEDDED_TEST_OPTIONS = {
  heartbeatIntervalMs: 100,
  sessionTimeoutMs: 2_000,
  redeliveryDelayMs: 100,
  retentionSweepMs: 0,
};

async function openEmbedded(db: Database): Promise<MessageBus> {
  const bus = await EmbeddedBus.open(db, createLogger({ level: 'silent' }), EMBEDDED_TEST_OPTIONS);
  await bus.ensureTopics(allTopicDefinitions());
  return bus;
}

/**
 * The escrow and payments services running together on one database and one bus, with the
 * gateway's webhook route and the Stripe double on loopback, driven by a manual clock.
 */
export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const clock = options.clock ?? new ManualClock(new Date());
  const test: TestDatabase = await createTestDatabase();
  const db = test.db;
  const bus = await (options.openBus ?? openEmbedded)(db);
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  const stripe = await startStripeDouble({
    clock,
    webhookRetry: { initialDelayMs: 20, maxDelayMs: 200 },
  });
  const stripeSettings = {
    connection: {
      secretKey: new Secret(`sk_test_${randomBytes(12).toString('hex')}`),
      host: '127.0.0.1',
      port: stripe.port,
      protocol: 'http' as const,
      ...(options.stripeTimeoutMs === undefined ? {} : { timeoutMs: options.stripeTimeoutMs }),
    },
    webhookSecret: new Secret(webhookSecret),
  };
  const retry = options.retry ?? TEST_RETRY;
  const usdc = options.usdc;
  const startPayments = () =>
    startPaymentsService({
      db,
      bus,
      logger,
      clock,
      retry,
      stripe: stripeSettings,
      railGuard: { retry: { attempts: 3, initialMs: 10, maxMs: 50 } },
      // As the composition root wires it: sellers are paid where identity says, at settlement.
      payoutDestinations: {
        destinationFor: (sellerId, rail) => findPayoutDestination(db, sellerId, rail),
      },
      // Tests sweep when they mean to (`payments.sweeper.sweepOnce()`).
      sweeper: { intervalMs: 3_600_000 },
      ...(usdc === undefined ? {} : { usdc: withRefundAddresses(db, usdc) }),
    });
  let payments = await startPayments();
  const escrow = await startEscrowService({
    db,
    bus,
    logger,
    clock,
    retry,
    policy: { ...DEFAULT_ESCROW_POLICY, ...options.policy },
    sweeper: { intervalMs: 3_600_000 },
  });
  const identity = (options.api ?? testIdentityGateway)(db);
  const escrowApi: EscrowApi = await startEscrowApi({ db, bus, logger, clock });
  const payouts = payoutRoutes({
    db,
    stripe: createStripeClient(stripeSettings.connection),
    publicUrl: new URL('http://127.0.0.1'),
  });
  const server: FastifyInstance = await buildServer({
    db,
    logger,
    stripeWebhooks: (raw, signature) => payments.receiveStripeWebhook(raw, signature),
    authenticator: identity.authenticator,
    routes: [
      ...(identity.routes ?? []),
      ...escrowApi.routes,
      payouts,
      ...(usdc === undefined ? [] : usdcRoutes(db, clock, usdc, () => payments.relay.wake())),
    ],
    plugins: identity.plugins ?? [],
  });
  const baseUrl = await server.listen({ host: '127.0.0.1', port: 0 });
  await stripe.control.setWebhookEndpoint({
    url: `${baseUrl}/webhooks/stripe`,
    secret: webhookSecret,
  });
  const projections =
    options.projections === true
      ? await startProjectionsService({ db, bus, logger, clock, retry: TEST_RETRY })
      : undefined;
  const recorder = await TopicRecorder.start(bus, [
    TOPICS.escrowEvents,
    TOPICS.paymentCommands,
    TOPICS.paymentEvents,
  ]);

  const escrowStatus = async (escrowId: string) => (await loadEscrow(db, escrowId))?.status;
  return {
    db,
    bus,
    clock,
    stripe,
    escrow,
    get payments() {
      return payments;
    },
    recorder,
    projections,
    baseUrl,
    async publish(topic, envelope) {
      const { key, value, meta, kind } = encodeEnvelope(topic, envelope);
      const message: OutgoingMessage = {
        topic: topic.name,
        key,
        value,
        headers: headersFor(meta, kind),
      };
      await bus.publish([message]);
    },
    escrowStatus,
    async waitForStatus(escrowId, status, timeoutMs = 30_000) {
      await eventually(
        () => escrowStatus(escrowId),
        (current) => current === status,
        `escrow ${escrowId} to be ${status}`,
        timeoutMs,
      );
    },
    async restartPayments() {
      payments = await startPayments();
    },
    async stop() {
      await recorder.stop();
      await projections?.stop();
      await server.close();
      await escrowApi.stop();
      await escrow.stop();
      await payments.stop();
      await bus.close();
      await stripe.close();
      await test.drop();
      await options.afterStop?.();
    },
  };
}

import type { Consumer, MessageBus, OutboxRelay, RetryPolicy } from '@bloxtr8/bus';
import { DEFAULT_RETRY_POLICY, startConsumer, startOutboxRelay } from '@bloxtr8/bus';
import { TOPICS } from '@bloxtr8/contracts';
import type { Database } from '@bloxtr8/db';
import type { Clock, Logger, Result, Secret } from '@bloxtr8/platform';
import { systemClock } from '@bloxtr8/platform';
import { onPaymentCommand, preparePaymentCommand } from './handlers/on-payment-command.ts';
import { onWebhookEvent, prepareWebhookEvent } from './handlers/on-webhook-event.ts';
import type { ReceivedWebhook } from './handlers/receive-stripe-webhook.ts';
import { receiveStripeWebhook } from './handlers/receive-stripe-webhook.ts';
import { PAYMENTS_SCHEMA } from './mapping/payment-events.ts';
import type { PayoutDestinations } from './payouts/payout-destinations.ts';
import type { RailGuardOptions, RailRegistry } from './rails/guarded-rail.ts';
import { guardRail } from './rails/guarded-rail.ts';
import type { PaymentRail } from './rails/payment-rail.ts';
import type { StripeConnection } from './rails/stripe/stripe.rail.ts';
import { createStripeClient, createStripeRail } from './rails/stripe/stripe.rail.ts';
import type { WebhookRejection } from './rails/stripe/stripe.webhooks.ts';
import type { PaymentsSweeper, PaymentsSweeperOptions } from './sweeper/payments-sweeper.ts';
import {
  DEFAULT_PAYMENTS_SWEEPER_OPTIONS,
  startPaymentsSweeper,
} from './sweeper/payments-sweeper.ts';
import type { ChainWatcher } from './usdc/chain-watcher.ts';
import { startChainWatcher } from './usdc/chain-watcher.ts';
import { DEFAULT_CHAIN_FOLLOWING } from './usdc/follow-chain.ts';
import type { UsdcSettings } from './usdc/usdc-settings.ts';

export type { ReceivedWebhook, StripeWebhookReceiver } from './handlers/receive-stripe-webhook.ts';
export { receiveStripeWebhook } from './handlers/receive-stripe-webhook.ts';
export type {
  PayoutAccountStatus,
  PayoutOnboarding,
  PayoutOnboardingFailure,
  StartPayoutOnboardingOptions,
} from './payouts/connect-onboarding.ts';
export { payoutAccountStatus, startPayoutOnboarding } from './payouts/connect-onboarding.ts';
export type { PayoutDestinations } from './payouts/payout-destinations.ts';
export type { PaymentRail, RailFailure } from './rails/payment-rail.ts';
export type { StripeConnection } from './rails/stripe/stripe.rail.ts';
export { createStripeClient } from './rails/stripe/stripe.rail.ts';
export type { WebhookRejection } from './rails/stripe/stripe.webhooks.ts';
export type { UsdcKeyring } from './rails/usdc-base/deposit-keys.ts';
export { createUsdcKeyring } from './rails/usdc-base/deposit-keys.ts';
export { isEvmAddress, normalizeAddress } from './rails/usdc-base/usdc-base.mapping.ts';
export type { UsdcBaseConnection, UsdcBaseRail } from './rails/usdc-base/usdc-base.rail.ts';
export { createUsdcBaseRail } from './rails/usdc-base/usdc-base.rail.ts';
export type { ProviderRetryPolicy } from './resilience/call-provider.ts';
export type { CircuitBreakerOptions } from './resilience/circuit-breaker.ts';
export { chainalysisScreening } from './screening/chainalysis.screening.ts';
export type { ScreeningConnection } from './screening/screening-http.ts';
export type { ScreeningVerdict } from './screening/screening-verdict.ts';
export { trmLabsScreening } from './screening/trm-labs.screening.ts';
export type {
  ScreenedWallet,
  ScreeningOutage,
  WalletScreener,
} from './screening/wallet-screener.ts';
export { createWalletScreener } from './screening/wallet-screener.ts';
export type { ScreeningFinding, WalletScreening } from './screening/wallet-screening.ts';
export type { LedgerAccount } from './store/ledger.ts';
export { ledgerBalances } from './store/ledger.ts';
export { findClientSecret } from './store/stripe-details.ts';
export type {
  PaymentsSweeper,
  PaymentsSweeperOptions,
  PaymentsSweepReport,
} from './sweeper/payments-sweeper.ts';
export { DEFAULT_PAYMENTS_SWEEPER_OPTIONS } from './sweeper/payments-sweeper.ts';
export { WEBHOOK_BODY_RETENTION_MS } from './sweeper/prune-webhook-bodies.ts';
export type { ChainPassReport, ChainWatcher } from './usdc/chain-watcher.ts';
export type {
  DepositReview,
  DepositReviewFailure,
  ReviewedDeposit,
} from './usdc/review-deposit.ts';
export { reviewDeposit } from './usdc/review-deposit.ts';
export { screenRegisteredWallet } from './usdc/screen-registered-wallet.ts';
export type { RefundAddresses } from './usdc/usdc-deps.ts';
export type {
  DepositInReview,
  UsdcDepositView,
  UsdcPaymentView,
  UsdcTransferView,
} from './usdc/usdc-payment-view.ts';
export { findUsdcPaymentView, listDepositsInReview } from './usdc/usdc-payment-view.ts';
export type { UsdcSettings } from './usdc/usdc-settings.ts';

export const PAYMENTS_CONSUMER_GROUPS = {
  commands: 'payments.commands',
  webhookEvents: 'payments.webhook-events',
} as const;

export interface StripeSettings {
  readonly connection: StripeConnection;
  readonly webhookSecret: Secret;
  readonly webhookToleranceSeconds?: number;
}

export interface PaymentsServiceOptions {
  readonly db: Database;
  readonly bus: MessageBus;
  readonly logger: Logger;
  /** The Stripe rail; absent when not configured (then Stripe commands dead-letter). */
  readonly stripe?: StripeSettings;
  /** The USDC-on-Base rail and its chain watcher; absent when not configured. */
  readonly usdc?: UsdcSettings;
  /** Where sellers are paid; the composition root wires identity's `findPayoutDestination`. */
  readonly payoutDestinations: PayoutDestinations;
  readonly clock?: Clock;
  readonly retry?: RetryPolicy;
  readonly railGuard?: RailGuardOptions;
  readonly sweeper?: Partial<PaymentsSweeperOptions>;
  /**
   * False: neither the outbox relay nor the sweeper runs on its own; the caller moves them with
   * `relay.drain()` and `sweeper.sweepOnce()`. For the simulator, which decides every step.
   */
  readonly loops?: boolean;
}

export interface PaymentsService {
  /** The HTTP layer hands Stripe's deliveries here: raw body and Stripe-Signature header. */
  receiveStripeWebhook(
    rawBody: Buffer,
    signature: string | undefined,
  ): Promise<Result<ReceivedWebhook, WebhookRejection>>;
  readonly relay: OutboxRelay;
  /** Retries held releases and prunes old webhook bodies on its own schedule. */
  readonly sweeper: PaymentsSweeper;
  /** Follows the chain for the USDC rail, when it is configured. */
  readonly chainWatcher: ChainWatcher | undefined;
  /** Finishes the messages in flight, then stops. */
  stop(): Promise<void>;
  /** Stops at once without committing what is in flight, as a crashed process would. */
  kill(): Promise<void>;
}

/** How often the chain watcher looks at the chain; Base makes a block every two seconds. */
const DEFAULT_CHAIN_WATCH_INTERVAL_MS = 2_000;

/** Stripe's own default: deliveries signed more than five minutes ago are refused as replays. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/** The payments service's process face: its rails, consumers, outbox relay and webhook intake. */
export async function startPaymentsService(
  options: PaymentsServiceOptions,
): Promise<PaymentsService> {
  const { db, bus } = options;
  const logger = options.logger.child({ service: 'payments' });
  const clock = options.clock ?? systemClock;
  const rails = new Map<PaymentRail['name'], PaymentRail>();
  if (options.stripe !== undefined) {
    const stripeRail = createStripeRail(createStripeClient(options.stripe.connection));
    rails.set('STRIPE', guardRail(stripeRail, clock, options.railGuard));
  }
  const sweeperOptions = { ...DEFAULT_PAYMENTS_SWEEPER_OPTIONS, ...options.sweeper };
  const usdc =
    options.usdc === undefined
      ? undefined
      : { ...options.usdc, db, clock, payoutDestinations: options.payoutDestinations };
  const deps = {
    db,
    rails: rails as RailRegistry,
    clock,
    payoutDestinations: options.payoutDestinations,
    heldRetryMs: sweeperOptions.heldRetryMs,
    ...(usdc === undefined ? {} : { usdc }),
  };
  const runtime = { db, bus, logger };
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const loop = options.loops !== false;
  const relay = await startOutboxRelay(db, bus, logger, { schema: PAYMENTS_SCHEMA, loop });
  const consumers: Consumer[] = [
    await startConsumer(runtime, {
      groupId: PAYMENTS_CONSUMER_GROUPS.commands,
      topic: TOPICS.paymentCommands,
      inboxSchema: PAYMENTS_SCHEMA,
      prepare: preparePaymentCommand(deps),
      handle: onPaymentCommand(deps),
      retry,
      clock,
      onCommitted: relay.wake,
    }),
    await startConsumer(runtime, {
      groupId: PAYMENTS_CONSUMER_GROUPS.webhookEvents,
      topic: TOPICS.webhookEvents,
      inboxSchema: PAYMENTS_SCHEMA,
      prepare: prepareWebhookEvent(deps),
      handle: onWebhookEvent(deps),
      retry,
      clock,
      onCommitted: relay.wake,
    }),
  ];
  const sweeper = startPaymentsSweeper(deps, logger, {
    ...sweeperOptions,
    onSwept: relay.wake,
    loop,
  });
  const chainWatcher =
    usdc === undefined
      ? undefined
      : startChainWatcher(usdc, logger, {
          intervalMs: options.usdc?.watchIntervalMs ?? DEFAULT_CHAIN_WATCH_INTERVAL_MS,
          following: { ...DEFAULT_CHAIN_FOLLOWING, ...options.usdc?.following },
          onChanged: relay.wake,
        });
  const stripe = options.stripe;
  return {
    relay,
    sweeper,
    chainWatcher,
    receiveStripeWebhook: async (rawBody, signature) => {
      if (stripe === undefined) {
        return {
          ok: false,
          error: { code: 'NOT_CONFIGURED', message: 'Stripe is not configured here' },
        };
      }
      return receiveStripeWebhook(
        {
          db,
          clock,
          signingSecret: stripe.webhookSecret,
          toleranceSeconds: stripe.webhookToleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
          onCommitted: relay.wake,
        },
        rawBody,
        signature,
      );
    },
    async stop() {
      await chainWatcher?.stop();
      await sweeper.stop();
      for (const consumer of consumers) await consumer.stop();
      await relay.stop();
    },
    async kill() {
      chainWatcher?.kill();
      await sweeper.stop();
      for (const consumer of consumers) await consumer.kill();
      await relay.stop();
    },
  };
}

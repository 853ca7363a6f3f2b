import { randomBytes } from 'node:crypto';
import { buildServer } from '@bloxtr8/api';
import type { MessageBus } from '@bloxtr8/bus';
import { headersFor } from '@bloxtr8/bus';
import type { TopicDefinition } from '@bloxtr8/contracts';
import {
  ActorRole,
  ContractEventEnvelopeSchema,
  Currency,
  createMeta,
  EscrowCommandEnvelopeSchema,
  encodeEnvelope,
  KycTier,
  MarkDeliveredSchema,
  Network,
  Rail,
  ReleaseFundsSchema,
  ReleaseReason,
  TOPICS,
} from '@bloxtr8/contracts';
import type { Database } from '@bloxtr8/db';
import { startEscrowService } from '@bloxtr8/escrow';
import { findPayoutDestination, NO_REQUEST_CONTEXT, signUpUser } from '@bloxtr8/identity';
import { createStripeClient, startPaymentsService, startPayoutOnboarding } from '@bloxtr8/payments';
import type { Logger } from '@bloxtr8/platform';
import { newId, newTraceId, Secret, systemClock } from '@bloxtr8/platform';
import type { StripeDouble } from '@bloxtr8/sandbox/stripe';
import { startStripeDouble } from '@bloxtr8/sandbox/stripe';
import type { MessageShape } from '@bufbuild/protobuf';
import { create } from '@bufbuild/protobuf';
import { percentile } from '../latency-stats.ts';
import { EventWaiters, nowMs } from './event-waiters.ts';
import { MemorySampler } from './memory-sampler.ts';

const CONCURRENCY = 16;

export interface FullLifecycleOptions {
  readonly label: string;
  readonly db: Database;
  readonly bus: MessageBus;
  readonly logger: Logger;
  readonly count: number;
}

async function publish<Topic extends TopicDefinition>(
  bus: MessageBus,
  topic: Topic,
  envelope: MessageShape<Topic['envelope']>,
) {
  const { key, value, meta, kind } = encodeEnvelope(topic, envelope);
  await bus.publish([{ topic: topic.name, key, value, headers: headersFor(meta, kind) }]);
}

/** The one seller of every bench trade: signed up, with a payout account onboarded on the double. */
async function onboardedBenchSeller(
  db: Database,
  client: ReturnType<typeof createStripeClient>,
  double: StripeDouble,
): Promise<string> {
  const { user } = await signUpUser(db, systemClock, {
    discordUserId: '100000000000000001',
    discordUsername: 'bench_seller',
    context: NO_REQUEST_CONTEXT,
  });
  const onboarding = await startPayoutOnboarding(db, client, {
    userId: user.id,
    returnUrl: 'http://127.0.0.1/payouts/done',
    refreshUrl: 'http://127.0.0.1/payouts/again',
    context: NO_REQUEST_CONTEXT,
  });
  if (!onboarding.ok) throw new Error(`bench seller onboarding failed: ${onboarding.error.code}`);
  await double.control.completeOnboarding(onboarding.value.accountId);
  return user.id;
}

const meta = (correlationId: string) =>
  createMeta({ eventId: newId(), occurredAt: new Date(), traceId: newTraceId(), correlationId });

/**
 * Complete trades through every moving part: contract executed → payment intent at the Stripe
 * sandbox → the buyer pays → signed webhook → funded → delivered → released by a Connect transfer.
 * Reports completed escrows per second and webhook → payment event latency.
 */
export async function runFullLifecycles(options: FullLifecycleOptions): Promise<string> {
  const { db, bus, logger, count } = options;
  const stripe = await startStripeDouble();
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  const connection = {
    secretKey: new Secret(`sk_test_${randomBytes(8).toString('hex')}`),
    host: '127.0.0.1',
    port: stripe.port,
    protocol: 'http' as const,
  };
  const escrow = await startEscrowService({ db, bus, logger, sweeper: { intervalMs: 3_600_000 } });
  const payments = await startPaymentsService({
    db,
    bus,
    logger,
    stripe: { connection, webhookSecret: new Secret(webhookSecret) },
    payoutDestinations: {
      destinationFor: (sellerId, rail) => findPayoutDestination(db, sellerId, rail),
    },
  });
  const server = await buildServer({
    db,
    logger,
    stripeWebhooks: (raw, signature) => payments.receiveStripeWebhook(raw, signature),
  });
  const gateway = await server.listen({ host: '127.0.0.1', port: 0 });
  await stripe.control.setWebhookEndpoint({
    url: `${gateway}/webhooks/stripe`,
    secret: webhookSecret,
  });
  const sellerId = await onboardedBenchSeller(db, createStripeClient(connection), stripe);
  const escrowEvents = await EventWaiters.watch(bus, TOPICS.escrowEvents);
  const paymentEvents = await EventWaiters.watch(bus, TOPICS.paymentEvents);
  const webhookLatencies: number[] = [];

  const trade = async () => {
    const escrowId = newId();
    const buyerId = newId();
    await publish(
      bus,
      TOPICS.contractEvents,
      create(ContractEventEnvelopeSchema, {
        event: {
          case: 'contractExecuted',
          value: {
            meta: meta(escrowId),
            contractId: newId(),
            escrowId,
            offerId: newId(),
            listingId: newId(),
            buyerId,
            sellerId,
            amountMinor: 250_000n,
            currency: Currency.USD,
            rail: Rail.STRIPE,
            network: Network.UNSPECIFIED,
            buyerTier: KycTier.TIER_1,
            sellerTier: KycTier.TIER_1,
            sellerPayoutRef: '',
            pdfSha256: '0'.repeat(64),
            templateVersion: '1.0.0',
          },
        },
      }),
    );
    const intent = await paymentEvents.keyed(escrowId, 'paymentIntentCreated');
    const paidAt = nowMs();
    await stripe.control.succeedPaymentIntent(intent.providerPaymentId as string);
    await paymentEvents.keyed(escrowId, 'paymentSucceeded');
    webhookLatencies.push(nowMs() - paidAt);
    await escrowEvents.keyed(escrowId, 'escrowFundsHeld');
    const command = (value: MessageShape<typeof EscrowCommandEnvelopeSchema>['command']) =>
      publish(bus, TOPICS.escrowCommands, create(EscrowCommandEnvelopeSchema, { command: value }));
    await command({
      case: 'markDelivered',
      value: create(MarkDeliveredSchema, {
        meta: meta(escrowId),
        escrowId,
        actorId: sellerId,
        actorRole: ActorRole.USER,
        note: '',
      }),
    });
    await escrowEvents.keyed(escrowId, 'escrowDelivered');
    await command({
      case: 'releaseFunds',
      value: create(ReleaseFundsSchema, {
        meta: meta(escrowId),
        escrowId,
        actorId: buyerId,
        actorRole: ActorRole.USER,
        reason: ReleaseReason.BUYER_CONFIRMED,
      }),
    });
    await escrowEvents.keyed(escrowId, 'escrowReleased');
  };

  const memory = new MemorySampler();
  const started = nowMs();
  let remaining = count;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (remaining > 0) {
        remaining -= 1;
        await trade();
      }
    }),
  );
  const elapsedMs = nowMs() - started;
  const peakRssMiB = memory.stop();
  const transfers = (await stripe.control.objects()).transfers.length;
  await escrowEvents.stop();
  await paymentEvents.stop();
  await server.close();
  await payments.stop();
  await escrow.stop();
  await stripe.close();
  const sorted = webhookLatencies.sort((a, b) => a - b);
  return [
    `\n${options.label}: ${count} full lifecycles (payments, Stripe sandbox, signed webhooks), ${CONCURRENCY} at a time`,
    `  completed escrows/s        ${((count / elapsedMs) * 1000).toFixed(1)}   (transfers made: ${transfers})`,
    `  webhook → payment event ms p50 ${percentile(sorted, 0.5).toFixed(1)}  p95 ${percentile(sorted, 0.95).toFixed(1)}  p99 ${percentile(sorted, 0.99).toFixed(1)}   (target p95 ≤ 100)`,
    `  peak RSS, all in one       ${peakRssMiB} MiB   (target ≤ 768 embedded)`,
  ].join('\n');
}

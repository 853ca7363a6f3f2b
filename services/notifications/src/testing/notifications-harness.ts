import type { MessageBus } from '@bloxtr8/bus';
import { EmbeddedBus, headersFor } from '@bloxtr8/bus';
import type { EscrowEventEnvelope, TopicDefinition } from '@bloxtr8/contracts';
import {
  allTopicDefinitions,
  Currency,
  createMeta,
  EscrowEventEnvelopeSchema,
  encodeEnvelope,
  TOPICS,
} from '@bloxtr8/contracts';
import type { TestDatabase } from '@bloxtr8/db/testing';
import { createTestDatabase } from '@bloxtr8/db/testing';
import { createDiscordRest } from '@bloxtr8/discord-kit';
import { createLogger, ManualClock, newId, newTraceId } from '@bloxtr8/platform';
import type { DiscordDouble } from '@bloxtr8/sandbox/discord';
import { startDiscordDouble } from '@bloxtr8/sandbox/discord';
import type { MessageShape } from '@bufbuild/protobuf';
import { create } from '@bufbuild/protobuf';
import type { DiscordMessenger } from '../messenger/discord-messenger.ts';
import { restDiscordMessenger } from '../messenger/rest-discord-messenger.ts';
import type { NotificationsService } from '../service/start-notifications-service.ts';
import { startNotificationsService } from '../service/start-notifications-service.ts';

/** The notifications service on a test database and the embedded bus, DMing the Discord double. */
export interface NotificationsHarness {
  readonly test: TestDatabase;
  readonly bus: MessageBus;
  readonly discord: DiscordDouble;
  readonly messenger: DiscordMessenger;
  /** The service's clock: reminders fall due when a test moves it. */
  readonly clock: ManualClock;
  publishEscrow(events: readonly EscrowEventEnvelope[]): Promise<void>;
  publish<Topic extends TopicDefinition>(
    topic: Topic,
    envelopes: ReadonlyArray<MessageShape<Topic['envelope']>>,
  ): Promise<void>;
  stop(): Promise<void>;
}

export async function startNotificationsHarness(): Promise<NotificationsHarness> {
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const test = await createTestDatabase();
  const bus = await EmbeddedBus.open(test.db, logger, {
    heartbeatIntervalMs: 100,
    sessionTimeoutMs: 2_000,
    redeliveryDelayMs: 100,
    retentionSweepMs: 0,
  });
  await bus.ensureTopics(allTopicDefinitions());
  const discord = await startDiscordDouble();
  const clock = new ManualClock(new Date());
  const messenger = restDiscordMessenger(
    createDiscordRest({ apiUrl: discord.restApiUrl, botToken: discord.botToken }),
  );
  const service: NotificationsService = await startNotificationsService({
    db: test.db,
    bus,
    logger,
    messenger,
    clock,
    retry: { initialMs: 20, maxMs: 200, maxAttempts: 5 },
    reminderIntervalMs: 50,
  });
  return {
    test,
    bus,
    discord,
    messenger,
    clock,
    publishEscrow(events) {
      return publish(bus, TOPICS.escrowEvents, events);
    },
    publish(topic, envelopes) {
      return publish(bus, topic, envelopes);
    },
    async stop() {
      await service.stop();
      await bus.close();
      await discord.close();
      await test.drop();
    },
  };
}

async function publish<Topic extends TopicDefinition>(
  bus: MessageBus,
  topic: Topic,
  envelopes: ReadonlyArray<MessageShape<Topic['envelope']>>,
): Promise<void> {
  await bus.publish(
    envelopes.map((envelope) => {
      const { key, value, meta, kind } = encodeEnvelope(topic, envelope);
      return { topic: topic.name, key, value, headers: headersFor(meta, kind) };
    }),
  );
}

type EscrowEvent = NonNullable<EscrowEventEnvelope['event']>;

/** An escrow's events from creation to release, as the escrow service writes them. */
export function releasedEscrowStory(parties: {
  readonly buyerId: string;
  readonly sellerId: string;
  readonly listingId?: string;
  /** When it happens (the events' time; the automatic release is 7 days after). */
  readonly at?: Date;
}): EscrowEventEnvelope[] {
  const escrowId = newId();
  const at = parties.at ?? new Date();
  const event = (kind: EscrowEvent['case'], fields: Record<string, unknown>) =>
    create(EscrowEventEnvelopeSchema, {
      event: {
        case: kind,
        value: {
          meta: createMeta({
            eventId: newId(),
            occurredAt: at,
            traceId: newTraceId(),
            correlationId: escrowId,
          }),
          escrowId,
          ...fields,
        },
      } as EscrowEvent,
    });
  return [
    event('escrowCreated', {
      contractId: newId(),
      offerId: newId(),
      listingId: parties.listingId ?? newId(),
      buyerId: parties.buyerId,
      sellerId: parties.sellerId,
      amountMinor: 280_000n,
      currency: Currency.USD,
    }),
    event('escrowFundsHeld', {
      providerPaymentId: 'pi_1',
      amountMinor: 280_000n,
      currency: Currency.USD,
    }),
    event('escrowDelivered', {
      actorId: parties.sellerId,
      autoReleaseAt: new Date(at.getTime() + 7 * 86_400_000).toISOString(),
    }),
    event('escrowReleased', {
      providerTransferId: 'tr_1',
      amountMinor: 280_000n,
      feeMinor: 14_000n,
      payoutMinor: 266_000n,
      currency: Currency.USD,
    }),
  ];
}

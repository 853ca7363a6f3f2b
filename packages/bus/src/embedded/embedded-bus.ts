import type { Database } from '@bloxtr8/db';
import type { Logger } from '@bloxtr8/platform';
import type {
  Consumer,
  MessageBus,
  OutgoingMessage,
  PublishContext,
  SubscribeOptions,
} from '../message-bus.ts';
import type { EmbeddedConsumerOptions } from './embedded-consumer.ts';
import { EmbeddedConsumer } from './embedded-consumer.ts';
import type { TopicSettings } from './embedded-log.ts';
import {
  APPENDED_CHANNEL,
  appendMessages,
  enforceRetention,
  ensureTopics,
  partitionCounts,
} from './embedded-log.ts';
import { GROUP_CHANNEL } from './group-membership.ts';
import { Wakeups } from './wakeups.ts';

export interface EmbeddedBusOptions extends EmbeddedConsumerOptions {
  /** How often expired messages are deleted; 0 disables the sweep (tests). */
  readonly retentionSweepMs: number;
}

export const DEFAULT_EMBEDDED_BUS_OPTIONS: EmbeddedBusOptions = {
  heartbeatIntervalMs: 1_000,
  sessionTimeoutMs: 10_000,
  fetchBatchSize: 200,
  idlePollMs: 5_000,
  redeliveryDelayMs: 1_000,
  retentionSweepMs: 15 * 60_000,
};

/** The message bus as a durable log in the platform's own database (PGlite or PostgreSQL). */
export class EmbeddedBus implements MessageBus {
  readonly kind = 'embedded' as const;
  readonly #db: Database;
  readonly #logger: Logger;
  readonly #options: EmbeddedBusOptions;
  readonly #wakeups = new Wakeups();
  readonly #consumers = new Set<EmbeddedConsumer>();
  #partitions = new Map<string, number>();
  #retentionTimer: NodeJS.Timeout | undefined;

  private constructor(db: Database, logger: Logger, options: EmbeddedBusOptions) {
    this.#db = db;
    this.#logger = logger;
    this.#options = options;
  }

  static async open(
    db: Database,
    logger: Logger,
    options: Partial<EmbeddedBusOptions> = {},
  ): Promise<EmbeddedBus> {
    const bus = new EmbeddedBus(db, logger, { ...DEFAULT_EMBEDDED_BUS_OPTIONS, ...options });
    await bus.#wakeups.listen(db, APPENDED_CHANNEL);
    await bus.#wakeups.listen(db, GROUP_CHANNEL);
    bus.#partitions = await partitionCounts(db);
    if (bus.#options.retentionSweepMs > 0) {
      bus.#retentionTimer = setInterval(() => {
        enforceRetention(db).catch((error: unknown) =>
          logger.warn({ err: error }, 'embedded log retention sweep failed'),
        );
      }, bus.#options.retentionSweepMs);
      bus.#retentionTimer.unref();
    }
    return bus;
  }

  /** Creates missing topics (with their partitions); the embedded counterpart of provisioning. */
  async ensureTopics(topics: readonly TopicSettings[]): Promise<void> {
    await ensureTopics(this.#db, topics);
    this.#partitions = await partitionCounts(this.#db);
  }

  async publish(messages: readonly OutgoingMessage[], context: PublishContext = {}): Promise<void> {
    if (messages.length === 0) return;
    for (const message of messages) {
      if (!this.#partitions.has(message.topic)) this.#partitions = await partitionCounts(this.#db);
      if (!this.#partitions.has(message.topic)) {
        throw new Error(`topic ${message.topic} does not exist in the embedded log`);
      }
    }
    const partitionsOf = (topic: string) => this.#partitions.get(topic) ?? 1;
    if (context.transaction !== undefined) {
      await appendMessages(context.transaction, messages, partitionsOf);
      return;
    }
    await this.#db.transaction((tx) => appendMessages(tx, messages, partitionsOf));
  }

  async subscribe(options: SubscribeOptions): Promise<Consumer> {
    const consumer = new EmbeddedConsumer(
      { db: this.#db, logger: this.#logger, wakeups: this.#wakeups },
      options,
      this.#options,
    );
    await consumer.start();
    this.#consumers.add(consumer);
    return consumer;
  }

  async close(): Promise<void> {
    clearInterval(this.#retentionTimer);
    await Promise.all([...this.#consumers].map((consumer) => consumer.stop()));
    this.#consumers.clear();
    await this.#wakeups.close();
  }
}

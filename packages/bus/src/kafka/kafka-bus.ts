import type { Logger } from '@bloxtr8/platform';
import type { ConnectionOptions } from '@platformatic/kafka';
import { Admin, findErrorBy, ProduceAcks, Producer, stringSerializer } from '@platformatic/kafka';
import { sleep } from '../backoff.ts';
import type {
  Consumer,
  IncomingMessage,
  MessageBus,
  OutgoingMessage,
  PublishContext,
  SubscribeOptions,
} from '../message-bus.ts';
import type { TopicCheck } from './check-topics.ts';
import { checkKafkaTopics } from './check-topics.ts';
import type { ConsumerGroupBacklog } from './consumer-group-backlog.ts';
import { readConsumerGroupBacklog } from './consumer-group-backlog.ts';
import { javaCompatiblePartitioner } from './java-compatible-partitioner.ts';
import { KafkaConsumer } from './kafka-consumer.ts';
import type { KafkaBusOpenOptions, KafkaBusOptions } from './kafka-options.ts';
import { connectionOptionsFor, DEFAULT_KAFKA_BUS_OPTIONS } from './kafka-options.ts';
import { isPermanentProduceError } from './produce-errors.ts';
import type { ProvisioningReport, ProvisionSettings, TopicSpec } from './provision-topics.ts';
import { provisionKafkaTopics } from './provision-topics.ts';
import { PublishQueue } from './publish-queue.ts';

type BusProducer = Producer<string, Uint8Array, string, string>;

/** Pause between produce retries, the library's and the adapter's. */
const PRODUCE_RETRY_MS = 250;
/**
 * Retries the library makes of one send before the adapter sends the batch again itself. The
 * library groups a send's messages by leader once and retries each group against the leader of
 * its first partition; when a failed broker's partitions move to different new leaders, that
 * group can never succeed. A new send regroups by the current leaders.
 */
const LIBRARY_PRODUCE_RETRIES = 4;
/** How long the leader waits for the in-sync replicas before it answers a produce (acks=all). */
const PRODUCE_ACK_TIMEOUT_MS = 10_000;

/** The APIs this adapter speaks, at the versions it speaks them: Apache Kafka 4.0 or later. */
const REQUIRED_APIS = [
  { key: 68, name: 'ConsumerGroupHeartbeat (KIP-848)', version: 1 },
  { key: 1, name: 'Fetch', version: 17 },
  { key: 8, name: 'OffsetCommit', version: 9 },
  { key: 9, name: 'OffsetFetch', version: 9 },
] as const;

/**
 * The message bus on Apache Kafka. Producing: acks=all through an idempotent producer, the Java
 * client's partitioner, one send at a time with concurrent publishes folded into it. Consuming:
 * KIP-848 consumer groups, one worker per owned partition, commits after handling.
 */
export class KafkaBus implements MessageBus {
  readonly kind = 'kafka' as const;
  readonly #options: KafkaBusOptions;
  readonly #logger: Logger;
  readonly #connectionOptions: ConnectionOptions;
  readonly #admin: Admin;
  readonly #producer: BusProducer;
  readonly #queue: PublishQueue;
  readonly #consumers = new Set<KafkaConsumer>();
  /** Topics seen in the cluster metadata; a publish to any other is checked first. */
  readonly #knownTopics = new Set<string>();
  #closed = false;

  private constructor(options: KafkaBusOptions, logger: Logger) {
    this.#options = options;
    this.#logger = logger;
    this.#connectionOptions = connectionOptionsFor(options);
    const client = {
      clientId: options.clientId,
      bootstrapBrokers: [...options.brokers],
      ...this.#connectionOptions,
    };
    this.#admin = new Admin(client);
    this.#producer = new Producer<string, Uint8Array, string, string>({
      ...client,
      idempotent: true,
      acks: ProduceAcks.ALL,
      partitioner: javaCompatiblePartitioner,
      serializers: {
        key: (key) => Buffer.from(key ?? '', 'utf8'),
        value: (value) =>
          value === undefined
            ? undefined
            : Buffer.from(value.buffer, value.byteOffset, value.byteLength),
        headerKey: stringSerializer,
        headerValue: stringSerializer,
      },
      retries: LIBRARY_PRODUCE_RETRIES,
      retryDelay: PRODUCE_RETRY_MS,
      timeout: PRODUCE_ACK_TIMEOUT_MS,
    });
    this.#queue = new PublishQueue((messages) => this.#send(messages));
  }

  /** Connects, and refuses a cluster too old for the group protocol this adapter speaks. */
  static async open(options: KafkaBusOpenOptions, logger: Logger): Promise<KafkaBus> {
    const bus = new KafkaBus({ ...DEFAULT_KAFKA_BUS_OPTIONS, ...options }, logger);
    try {
      await bus.#checkBrokerSupport();
    } catch (error) {
      await bus.close();
      throw error;
    }
    return bus;
  }

  async publish(messages: readonly OutgoingMessage[], _context?: PublishContext): Promise<void> {
    const prefixed = messages.map((message) => ({
      ...message,
      topic: this.#wireName(message.topic),
    }));
    await this.#assertTopicsExist(prefixed);
    await this.#queue.publish(prefixed);
  }

  async subscribe(options: SubscribeOptions): Promise<Consumer> {
    if (this.#closed) throw new Error('the Kafka bus is closed');
    const toCatalog = (message: IncomingMessage) => ({
      ...message,
      topic: this.#catalogName(message.topic),
    });
    const { batchHandler } = options;
    const consumer = await this.#subscribeOnWire({
      groupId: this.#wireName(options.groupId),
      topics: options.topics.map((topic) => this.#wireName(topic)),
      handler: (message) => options.handler(toCatalog(message)),
      ...(batchHandler === undefined
        ? {}
        : { batchHandler: (messages) => batchHandler(messages.map(toCatalog)) }),
      ...(options.maxBatchSize === undefined ? {} : { maxBatchSize: options.maxBatchSize }),
    });
    if (this.#options.topicPrefix === '') return consumer;
    return {
      memberId: consumer.memberId,
      assignments: () =>
        consumer.assignments().map((tp) => ({ ...tp, topic: this.#catalogName(tp.topic) })),
      stop: () => consumer.stop(),
      kill: () => consumer.kill(),
    };
  }

  /** A topic or group name as the cluster knows it: with this deployment's prefix. */
  #wireName(name: string): string {
    return `${this.#options.topicPrefix}${name}`;
  }

  #catalogName(wireName: string): string {
    const prefix = this.#options.topicPrefix;
    return prefix !== '' && wireName.startsWith(prefix) ? wireName.slice(prefix.length) : wireName;
  }

  async #subscribeOnWire(options: SubscribeOptions): Promise<Consumer> {
    const consumer = new KafkaConsumer(
      {
        admin: this.#admin,
        logger: this.#logger,
        options: this.#options,
        connectionOptions: this.#connectionOptions,
        onClosed: (closed) => this.#consumers.delete(closed),
      },
      options,
    );
    await consumer.start();
    this.#consumers.add(consumer);
    return consumer;
  }

  /** Creates missing topics and reports drift of existing ones; see `provisionKafkaTopics`. */
  async provisionTopics(
    topics: readonly TopicSpec[],
    settings: ProvisionSettings,
  ): Promise<ProvisioningReport> {
    const onWire = topics.map((topic) => ({ ...topic, name: this.#wireName(topic.name) }));
    return provisionKafkaTopics(this.#admin, onWire, settings);
  }

  /** How far a consumer group is behind on a topic (catalog names); see `readConsumerGroupBacklog`. */
  readBacklog(groupId: string, topic: string): Promise<ConsumerGroupBacklog> {
    return readConsumerGroupBacklog(this.#admin, this.#wireName(groupId), this.#wireName(topic));
  }

  /** Reports missing and drifted topics without changing any; see `checkKafkaTopics`. */
  checkTopics(topics: readonly TopicSpec[]): Promise<TopicCheck> {
    const onWire = topics.map((topic) => ({ ...topic, name: this.#wireName(topic.name) }));
    return checkKafkaTopics(this.#admin, onWire);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#consumers].map((consumer) => consumer.stop()));
    await this.#queue.close();
    await Promise.allSettled([this.#producer.close(), this.#admin.close()]);
  }

  /**
   * Sends a batch until the brokers acknowledge it or `deliveryTimeoutMs` runs out. A send that
   * failed part-way may have written some partitions already: sending again can duplicate those
   * messages (consumers dedupe by event id), but never reorders a key, because nothing queued
   * behind this batch goes out before it.
   */
  async #send(messages: readonly OutgoingMessage[]): Promise<void> {
    const batch = messages.map((message) => ({
      topic: message.topic,
      key: message.key,
      value: message.value,
      headers: message.headers,
    }));
    const deadline = Date.now() + this.#options.deliveryTimeoutMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.#producer.send({ messages: batch });
        return;
      } catch (error) {
        if (isPermanentProduceError(error) || Date.now() > deadline) throw error;
        this.#logger.warn({ err: error, attempt }, 'publish failed; sending the batch again');
        await sleep(PRODUCE_RETRY_MS);
      }
    }
  }

  /**
   * Refuses a publish to a topic that does not exist at once, as the embedded log does; the
   * producer would otherwise retry it for the whole delivery timeout.
   */
  async #assertTopicsExist(messages: readonly OutgoingMessage[]): Promise<void> {
    for (const topic of new Set(messages.map((message) => message.topic))) {
      if (this.#knownTopics.has(topic)) continue;
      try {
        await this.#admin.metadata({ topics: [topic], retries: 0 });
        this.#knownTopics.add(topic);
      } catch (error) {
        if (error instanceof Error && findErrorBy(error, 'message', `Unknown topic ${topic}.`)) {
          throw new Error(`topic ${topic} does not exist in Kafka; provision it first`);
        }
        // Anything else (a broker restarting) is for the producer's retries to ride out.
      }
    }
  }

  async #checkBrokerSupport(): Promise<void> {
    const apis = await this.#admin.listApis();
    const missing = REQUIRED_APIS.filter(
      ({ key, version }) => !apis.some((api) => api.apiKey === key && api.maxVersion >= version),
    );
    if (missing.length > 0) {
      const names = missing.map(({ name, version }) => `${name} v${version}`).join(', ');
      throw new Error(
        `Kafka at ${this.#options.brokers.join(',')} lacks ${names}; the adapter needs Apache Kafka 4.0 or later`,
      );
    }
  }
}

import { allTopicDefinitions } from '@bloxtr8/contracts';
import type { Database } from '@bloxtr8/db';
import type { Logger, PlatformConfig } from '@bloxtr8/platform';
import { EmbeddedBus } from './embedded/embedded-bus.ts';
import type { TopicCheck } from './kafka/check-topics.ts';
import { KafkaBus } from './kafka/kafka-bus.ts';
import { kafkaBusOptionsFrom } from './kafka/kafka-options.ts';
import type { MemberLedger } from './kafka/member-ledger.ts';
import type { ProvisioningReport, TopicSpec } from './kafka/provision-topics.ts';
import type { MessageBus } from './message-bus.ts';

export interface OpenBusOptions {
  /** Kafka only: this process's group members across restarts (see `claimMemberSlot`). */
  readonly memberLedger?: MemberLedger;
}

/** Apache Kafka when KAFKA_BROKERS is set, the embedded log in the platform's database otherwise. */
export function openBus(
  config: PlatformConfig,
  db: Database,
  logger: Logger,
  options: OpenBusOptions = {},
): Promise<MessageBus> {
  if (config.kafka.brokers !== undefined) {
    const { memberLedger } = options;
    return KafkaBus.open(
      {
        ...kafkaBusOptionsFrom(config.kafka),
        ...(memberLedger === undefined ? {} : { memberLedger }),
      },
      logger,
    );
  }
  return EmbeddedBus.open(db, logger);
}

/** Every topic of the catalog and its dead-letter twin, as provisioning needs them. */
export function catalogTopicSpecs(): TopicSpec[] {
  return allTopicDefinitions().map(({ name, partitions, retentionMs, cleanupPolicy }) => ({
    name,
    partitions,
    retentionMs,
    cleanupPolicy,
  }));
}

export interface ProvisionBusOptions {
  /** Report what is missing or drifted without creating anything (Kafka only). */
  readonly dryRun?: boolean;
}

/**
 * Makes sure every catalog topic exists on the bus. Kafka: creates what is missing with the
 * configured replication and reports drift of existing topics, which it never alters. Embedded:
 * creates missing topics and partitions; there is nothing to report (undefined).
 */
export async function provisionBusTopics(
  bus: MessageBus,
  config: PlatformConfig,
  options: ProvisionBusOptions = {},
): Promise<ProvisioningReport | undefined> {
  const specs = catalogTopicSpecs();
  if (bus instanceof KafkaBus) {
    return bus.provisionTopics(specs, {
      replicationFactor: config.kafka.replicationFactor,
      minInsyncReplicas: config.kafka.minInsyncReplicas,
      dryRun: options.dryRun ?? false,
    });
  }
  if (bus instanceof EmbeddedBus) {
    if (options.dryRun !== true) await bus.ensureTopics(specs);
    return undefined;
  }
  throw new Error(`provisionBusTopics: no provisioning for this ${bus.kind} bus`);
}

/**
 * Gets the catalog's topics ready for a service process. The embedded log creates its own
 * (missing topics and partitions). Kafka is only checked: creating topics there is
 * `bloxtr8 kafka topics apply`'s job, with the deployment's replication settings.
 */
export async function prepareBusTopics(bus: MessageBus): Promise<TopicCheck> {
  const specs = catalogTopicSpecs();
  if (bus instanceof KafkaBus) return bus.checkTopics(specs);
  if (bus instanceof EmbeddedBus) {
    await bus.ensureTopics(specs);
    return { missing: [], drifted: [] };
  }
  throw new Error(`prepareBusTopics: no topics for this ${bus.kind} bus`);
}

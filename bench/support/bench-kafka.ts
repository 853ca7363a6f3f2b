import { KafkaBus, kafkaBusOptionsFrom } from '@bloxtr8/bus';
import {
  deleteTestTopics,
  hasJava,
  isKafkaClusterUp,
  startKafkaCluster,
  stopKafkaCluster,
} from '@bloxtr8/bus/testing';
import type { Logger, PlatformConfig } from '@bloxtr8/platform';

export interface BenchKafka {
  readonly bus: KafkaBus;
  /** Another client of the same cluster, as a second process would have (closed with `close`). */
  openClient(): Promise<KafkaBus>;
  readonly brokers: readonly string[];
  /** A development broker is one node; KAFKA_REPLICATION_FACTOR says otherwise for a real cluster. */
  readonly replication: { readonly replicationFactor: number; readonly minInsyncReplicas: number };
  /** Deletes the named topics (wire names) and stops a broker this run started. */
  close(topics: readonly string[]): Promise<void>;
}

/**
 * Kafka for a benchmark: KAFKA_BROKERS, or the development broker scripts/kafka/kafka starts
 * (stopped again afterwards if this run started it). Undefined when neither is available.
 */
export async function openBenchKafka(
  config: PlatformConfig,
  logger: Logger,
  topicPrefix = '',
): Promise<BenchKafka | undefined> {
  let brokers = config.kafka.brokers;
  let stopAfter = false;
  if (brokers === undefined) {
    if (!hasJava()) {
      console.error(
        'bench: skipping Kafka: KAFKA_BROKERS is unset and there is no Java to start one',
      );
      return undefined;
    }
    stopAfter = !(await isKafkaClusterUp('dev'));
    brokers = (await startKafkaCluster()).split(',');
  }
  const brokerList = brokers;
  const options = { ...kafkaBusOptionsFrom({ ...config.kafka, brokers }), topicPrefix };
  const bus = await KafkaBus.open(options, logger);
  const clients: KafkaBus[] = [];
  const explicit = process.env.KAFKA_REPLICATION_FACTOR !== undefined;
  return {
    bus,
    brokers: brokerList,
    replication: explicit
      ? {
          replicationFactor: config.kafka.replicationFactor,
          minInsyncReplicas: config.kafka.minInsyncReplicas,
        }
      : { replicationFactor: 1, minInsyncReplicas: 1 },
    async openClient() {
      const client = await KafkaBus.open(options, logger);
      clients.push(client);
      return client;
    },
    async close(topics) {
      for (const client of clients) await client.close();
      await bus.close();
      if (stopAfter) {
        await stopKafkaCluster('dev');
        return;
      }
      await deleteTestTopics(brokerList, topics).catch((error: unknown) => {
        console.error(`bench: could not delete the bench topics ${topics.join(', ')}:`, error);
      });
    },
  };
}

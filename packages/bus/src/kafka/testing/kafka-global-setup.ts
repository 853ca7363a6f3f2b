import type { TestProject } from 'vitest/node';
import { hasJava, isKafkaClusterUp, startKafkaCluster, stopKafkaCluster } from './kafka-script.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap servers of the Kafka the suites run against; null when there is none. */
    kafkaBrokers: string | null;
    /** Whether a test may start clusters of its own with scripts/kafka/kafka (Java on PATH). */
    kafkaClustersAvailable: boolean;
  }
}

/** The single-node cluster `scripts/kafka/kafka start` runs by default. */
const DEV_CLUSTER = 'dev';

let startedHere = false;

/**
 * Gives the Kafka suites a real broker: KAFKA_BROKERS when set, else the repository's dev
 * cluster started with scripts/kafka/kafka (stopped again afterwards only if started here).
 * Without Java there is no broker: CI fails, a laptop runs the rest and skips Kafka loudly.
 */
export async function setup(project: TestProject): Promise<void> {
  const java = hasJava();
  project.provide('kafkaClustersAvailable', java);
  const configured = process.env.KAFKA_BROKERS?.trim();
  if (configured !== undefined && configured !== '') {
    project.provide('kafkaBrokers', configured);
    return;
  }
  if (!java) {
    if (process.env.CI === 'true') {
      throw new Error(
        'CI=true requires Kafka: set KAFKA_BROKERS, or install Java 17+ so scripts/kafka/kafka can start a broker',
      );
    }
    project.provide('kafkaBrokers', null);
    return;
  }
  const wasRunning = await isKafkaClusterUp(DEV_CLUSTER);
  project.provide('kafkaBrokers', await startKafkaCluster());
  startedHere = !wasRunning;
}

export async function teardown(): Promise<void> {
  if (startedHere) await stopKafkaCluster(DEV_CLUSTER);
  startedHere = false;
}

import { randomBytes } from 'node:crypto';
import { catalogTopicSpecs, KafkaBus } from '@bloxtr8/bus';
import { deleteTestTopics, kafkaBrokersForTests } from '@bloxtr8/bus/testing';
import { createLogger } from '@bloxtr8/platform';
import type { TestPlatformOptions } from './start-test-platform.ts';

/**
 * Runs a test platform on the real Kafka broker of the test run, under a topic prefix of its own,
 * so test files running at the same time on one broker never see each other's messages or groups.
 * Undefined (and a loud notice) when this machine has no Kafka.
 */
export function kafkaPlatformOptions(suite: string): TestPlatformOptions | undefined {
  const brokers = kafkaBrokersForTests(suite);
  if (brokers === undefined) return undefined;
  const topicPrefix = `t${randomBytes(5).toString('hex')}.`;
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const specs = catalogTopicSpecs();
  return {
    async openBus() {
      const bus = await KafkaBus.open(
        {
          brokers,
          clientId: 'bloxtr8-e2e',
          topicPrefix,
          heartbeatIntervalMs: 250,
          rebalanceTimeoutMs: 20_000,
          redeliveryDelayMs: 100,
          fetchMaxWaitMs: 100,
          deliveryTimeoutMs: 30_000,
        },
        logger,
      );
      await bus.provisionTopics(specs, { replicationFactor: 1, minInsyncReplicas: 1 });
      return bus;
    },
    afterStop: () =>
      deleteTestTopics(
        brokers,
        specs.map((spec) => `${topicPrefix}${spec.name}`),
      ),
  };
}

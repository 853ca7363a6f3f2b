import { TOPICS } from '@bloxtr8/contracts';
import { useTestDatabase } from '@bloxtr8/db/testing';
import { createLogger, loadConfig } from '@bloxtr8/platform';
import { describe, expect, it } from 'vitest';
import { testCommand } from './conformance/test-messages.ts';
import { kafkaBrokersForTests } from './kafka/testing/kafka-test-brokers.ts';
import { catalogTopicSpecs, openBus, provisionBusTopics } from './open-bus.ts';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const brokers = kafkaBrokersForTests('openBus on Kafka (open-bus.int.test.ts)');

describe('openBus', () => {
  const database = useTestDatabase();

  it('opens the embedded log without KAFKA_BROKERS, and provisions the whole catalog in it', async () => {
    const config = loadConfig({});
    const bus = await openBus(config, database().db, logger);
    try {
      expect(bus.kind).toBe('embedded');
      expect(await provisionBusTopics(bus, config)).toBeUndefined();
      const { rows } = await database().db.query<{ name: string; partitions: number }>(
        'select name, partitions from bus.topics order by name',
      );
      expect(rows).toEqual(
        catalogTopicSpecs()
          .map(({ name, partitions }) => ({ name, partitions }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      );
      expect(rows.map((row) => row.name)).toContain(TOPICS.escrowCommands.dlq.name);
      await bus.publish([testCommand(TOPICS.escrowCommands.name, 'escrow-1', 0)]);
    } finally {
      await bus.close();
    }
  });

  it.skipIf(brokers === undefined)(
    'opens Kafka when KAFKA_BROKERS is set; a dry run reports the catalog without creating it',
    async () => {
      const config = loadConfig({
        KAFKA_BROKERS: (brokers ?? []).join(','),
        KAFKA_REPLICATION_FACTOR: '1',
        KAFKA_MIN_INSYNC_REPLICAS: '1',
      });
      const bus = await openBus(config, database().db, logger);
      try {
        expect(bus.kind).toBe('kafka');
        const report = await provisionBusTopics(bus, config, { dryRun: true });
        expect(report?.topics.map((topic) => topic.topic)).toEqual(
          catalogTopicSpecs().map((spec) => spec.name),
        );
        expect(report?.topics.every((topic) => topic.expected.replicationFactor === 1)).toBe(true);
      } finally {
        await bus.close();
      }
    },
  );
});

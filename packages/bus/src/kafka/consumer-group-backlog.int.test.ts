import { createLogger } from '@bloxtr8/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueTopicName, waitFor } from '../conformance/bus-under-test.ts';
import { testCommand } from '../conformance/test-messages.ts';
import type { Consumer } from '../message-bus.ts';
import { KafkaBus } from './kafka-bus.ts';
import { deleteTestTopics } from './testing/delete-test-topics.ts';
import { kafkaBrokersForTests } from './testing/kafka-test-brokers.ts';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const brokers = kafkaBrokersForTests('Kafka consumer group backlog (consumer-group-backlog.int)');

describe.skipIf(brokers === undefined)('a consumer group’s backlog on Kafka', () => {
  const topic = uniqueTopicName();
  const group = `${topic}.group`;
  let bus: KafkaBus;

  beforeAll(async () => {
    bus = await KafkaBus.open(
      { brokers: brokers ?? [], clientId: 'bloxtr8-test', heartbeatIntervalMs: 250 },
      logger,
    );
    await bus.provisionTopics(
      [{ name: topic, partitions: 3, retentionMs: 3_600_000, cleanupPolicy: 'delete' }],
      { replicationFactor: 1, minInsyncReplicas: 1 },
    );
  });
  afterAll(async () => {
    await bus?.close();
    await deleteTestTopics(brokers ?? [], [topic]);
  });

  const publish = (count: number, from: number) =>
    bus.publish(
      Array.from({ length: count }, (_, index) =>
        testCommand(topic, `escrow-${from + index}`, from + index),
      ),
    );

  it('counts every message for a group that never committed, from the earliest offset', async () => {
    await publish(5, 0);
    const backlog = await bus.readBacklog(group, topic);
    expect(backlog.messagesBehind).toBe(5);
    expect(backlog.partitions).toHaveLength(3);
    expect(backlog.partitions.every((partition) => partition.committed === null)).toBe(true);
  });

  it('is the end offsets minus the committed ones once the group consumed', async () => {
    let handled = 0;
    const consumer: Consumer = await bus.subscribe({
      groupId: group,
      topics: [topic],
      handler: async () => {
        handled += 1;
      },
    });
    try {
      await waitFor('the group to consume and commit all five', async () => {
        return handled >= 5 && (await bus.readBacklog(group, topic)).messagesBehind === 0;
      });
    } finally {
      await consumer.stop();
    }
    await publish(2, 5);
    expect((await bus.readBacklog(group, topic)).messagesBehind).toBe(2);
  });
});

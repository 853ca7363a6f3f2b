import { createTestDatabase } from '@bloxtr8/db/testing';
import { createLogger } from '@bloxtr8/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBusConformance } from '../conformance/bus-conformance.ts';
import { uniqueTopicName, waitFor } from '../conformance/bus-under-test.ts';
import { testCommand } from '../conformance/test-messages.ts';
import type { IncomingMessage } from '../message-bus.ts';
import { partitionForKey } from '../partitioner.ts';
import { KafkaBus } from './kafka-bus.ts';
import type { KafkaBusOpenOptions } from './kafka-options.ts';
import type { TopicSpec } from './provision-topics.ts';
import { deleteTestTopics } from './testing/delete-test-topics.ts';
import { kafkaBrokersForTests } from './testing/kafka-test-brokers.ts';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const brokers = kafkaBrokersForTests('Kafka bus conformance (kafka-bus.int.test.ts)');

/**
 * Short timings so group hand-overs happen within a test's patience. The broker sets the session
 * timeout of KIP-848 groups (45 s); heartbeating every 250 ms makes new assignments arrive fast.
 */
function testOptions(brokerList: string[]): KafkaBusOpenOptions {
  return {
    brokers: brokerList,
    clientId: 'bloxtr8-test',
    heartbeatIntervalMs: 250,
    rebalanceTimeoutMs: 20_000,
    redeliveryDelayMs: 100,
    fetchMaxWaitMs: 200,
    deliveryTimeoutMs: 30_000,
  };
}

/** One broker in tests: replication 1. */
const SINGLE_NODE = { replicationFactor: 1, minInsyncReplicas: 1 };

const specsOf = (
  topics: ReadonlyArray<{ name: string; partitions: number; retentionMs: number }>,
) => topics.map((topic): TopicSpec => ({ ...topic, cleanupPolicy: 'delete' }));

describe.skipIf(brokers === undefined)('Kafka bus', () => {
  const brokerList = brokers ?? [];

  describeBusConformance('kafka', async () => {
    const test = await createTestDatabase();
    const bus = await KafkaBus.open(testOptions(brokerList), logger);
    const others: KafkaBus[] = [];
    const created: string[] = [];
    return {
      name: 'kafka',
      bus,
      db: test.db,
      async openAnother() {
        const other = await KafkaBus.open(testOptions(brokerList), logger);
        others.push(other);
        return other;
      },
      async createTopics(topics) {
        created.push(...topics.map((topic) => topic.name));
        await bus.provisionTopics(specsOf(topics), SINGLE_NODE);
      },
      async close() {
        for (const other of others) await other.close();
        await bus.close();
        await test.drop();
        await deleteTestTopics(brokerList, created);
      },
    };
  });

  describe('partitioning', () => {
    let bus: KafkaBus;
    const topic = uniqueTopicName();
    beforeAll(async () => {
      bus = await KafkaBus.open(testOptions(brokerList), logger);
    });
    afterAll(async () => {
      await bus?.close();
      await deleteTestTopics(brokerList, [topic]);
    });

    it('puts every key on the partition partitionForKey names, as the embedded log does', async () => {
      await bus.provisionTopics(
        specsOf([{ name: topic, partitions: 12, retentionMs: 3_600_000 }]),
        SINGLE_NODE,
      );
      const seen: IncomingMessage[] = [];
      const consumer = await bus.subscribe({
        groupId: `partitions-${topic}`,
        topics: [topic],
        handler: async (message) => {
          seen.push(message);
        },
      });
      const keys = [
        ...Array.from({ length: 200 }, (_, i) => `escrow-${i}`),
        '',
        'ü-ñ-✓',
        'x'.repeat(301),
      ];
      await bus.publish(keys.map((key, i) => testCommand(topic, key, i)));
      await waitFor('every message', () => seen.length === keys.length);
      await consumer.stop();
      for (const message of seen) {
        expect(message.partition, message.key).toBe(partitionForKey(message.key, 12));
      }
      expect(new Set(seen.map((message) => message.partition)).size).toBe(12);
    });
  });
});

describe.skipIf(brokers === undefined)('Kafka topic prefixes', () => {
  const brokerList = brokers ?? [];
  const topic = uniqueTopicName();
  const buses: KafkaBus[] = [];
  afterAll(async () => {
    for (const bus of buses) await bus.close();
    await deleteTestTopics(brokerList, [`blue.${topic}`, `green.${topic}`]);
  });

  it('keeps two prefixed deployments on one cluster apart, under the same catalog names', async () => {
    const open = async (topicPrefix: string) => {
      const bus = await KafkaBus.open({ ...testOptions(brokerList), topicPrefix }, logger);
      buses.push(bus);
      await bus.provisionTopics(
        specsOf([{ name: topic, partitions: 3, retentionMs: 3_600_000 }]),
        SINGLE_NODE,
      );
      return bus;
    };
    const blue = await open('blue.');
    const green = await open('green.');
    const seen = { blue: [] as IncomingMessage[], green: [] as IncomingMessage[] };
    for (const [name, bus] of [
      ['blue', blue],
      ['green', green],
    ] as const) {
      await bus.subscribe({
        groupId: 'same-group',
        topics: [topic],
        handler: async (message) => {
          seen[name].push(message);
        },
      });
    }
    await blue.publish([testCommand(topic, 'k', 1), testCommand(topic, 'k', 2)]);
    await green.publish([testCommand(topic, 'k', 3)]);
    await waitFor('both deployments', () => seen.blue.length === 2 && seen.green.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seen.blue).toHaveLength(2);
    expect(seen.green).toHaveLength(1);
    // Handlers see the catalog's name, not the wire name.
    expect(seen.blue.map((message) => message.topic)).toEqual([topic, topic]);
  });
});

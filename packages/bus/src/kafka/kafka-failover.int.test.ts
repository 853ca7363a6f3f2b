import { createLogger } from '@bloxtr8/platform';
import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../conformance/bus-under-test.ts';
import { testCommand } from '../conformance/test-messages.ts';
import type { Consumer, OutgoingMessage } from '../message-bus.ts';
import { KafkaBus } from './kafka-bus.ts';
import {
  startKafkaCluster,
  startKafkaNode,
  stopKafkaCluster,
  stopKafkaNode,
} from './testing/kafka-script.ts';
import { canStartKafkaClusters } from './testing/kafka-test-brokers.ts';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const clustersAvailable = canStartKafkaClusters('Kafka failover (kafka-failover.int.test.ts)');

const CLUSTER = 'failover-test';
/**
 * Brokers on 28092–28094, controllers on 28192–28194: below the kernel's ephemeral range
 * (32768–60999), so no test's outgoing connection or port-0 listener can take them meanwhile.
 */
const PORT = 28_092;
const TOPIC = 'failover.stream.v1';
const GROUP = 'failover-readers';
const TOTAL = 3_000;
const BATCH = 10;
const KEYS = 30;

const seqOf = (message: { headers: Readonly<Record<string, string>> }) =>
  Number(message.headers['x-seq']);

function batchStarting(first: number): OutgoingMessage[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const seq = first + i;
    const message = testCommand(TOPIC, `key-${seq % KEYS}`, seq);
    return { ...message, headers: { ...message.headers, 'x-seq': String(seq) } };
  });
}

describe.skipIf(!clustersAvailable)(
  'Kafka failover (three brokers, one stopped mid-stream)',
  () => {
    let bootstrap: string[];
    const buses: KafkaBus[] = [];
    const consumers: Consumer[] = [];

    const open = async () => {
      const bus = await KafkaBus.open(
        {
          brokers: bootstrap,
          clientId: 'bloxtr8-failover',
          heartbeatIntervalMs: 500,
          redeliveryDelayMs: 100,
          fetchMaxWaitMs: 200,
          deliveryTimeoutMs: 60_000,
        },
        logger,
      );
      buses.push(bus);
      return bus;
    };

    beforeAll(async () => {
      bootstrap = (await startKafkaCluster({ name: CLUSTER, nodes: 3, port: PORT })).split(',');
    }, 120_000);

    afterAll(async () => {
      for (const consumer of consumers) await consumer.stop().catch(() => {});
      for (const bus of buses) await bus.close().catch(() => {});
      await stopKafkaCluster(CLUSTER);
    }, 120_000);

    it('keeps publishing through a broker stop and loses no acknowledged message', async () => {
      const producer = await open();
      const report = await producer.provisionTopics(
        [{ name: TOPIC, partitions: 6, retentionMs: 3_600_000, cleanupPolicy: 'delete' }],
        { replicationFactor: 3, minInsyncReplicas: 2 },
      );
      expect(report.topics[0]?.status).toBe('created');

      const firstSeen = new Map<string, number[]>();
      const consumed = new Set<number>();
      for (let member = 0; member < 2; member += 1) {
        const bus = await open();
        consumers.push(
          await bus.subscribe({
            groupId: GROUP,
            topics: [TOPIC],
            handler: async (message) => {
              const seq = seqOf(message);
              if (consumed.has(seq)) return;
              consumed.add(seq);
              firstSeen.set(message.key, [...(firstSeen.get(message.key) ?? []), seq]);
            },
          }),
        );
      }

      const acknowledged = new Set<number>();
      let rejections = 0;
      const publishing = (async () => {
        for (let first = 0; first < TOTAL; first += BATCH) {
          // Like the outbox relay: a rejected batch is published again, never skipped.
          for (;;) {
            try {
              await producer.publish(batchStarting(first));
              break;
            } catch {
              rejections += 1;
            }
          }
          for (let seq = first; seq < first + BATCH; seq += 1) acknowledged.add(seq);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })();

      await waitFor('a third of the stream', () => acknowledged.size >= TOTAL / 3, 60_000);
      const victim = await groupCoordinatorOf(bootstrap);
      await stopKafkaNode(CLUSTER, victim);
      // What was acknowledged by the time the broker was down; the rest went to two brokers.
      const stoppedAt = acknowledged.size;
      await publishing;
      expect(stoppedAt).toBeLessThan(TOTAL);
      expect(acknowledged.size).toBe(TOTAL);
      // The producer rode the failover out by itself: no publish had to be given up and redone.
      expect(rejections).toBe(0);

      await waitFor('every acknowledged message', () => consumed.size === TOTAL, 60_000);
      for (const [key, seqs] of firstSeen) {
        expect(seqs, key).toEqual([...seqs].sort((a, b) => a - b));
      }
      logger.info({ victim, stoppedAt, rejections }, 'failover stream finished');

      await startKafkaNode(CLUSTER, victim);
    }, 150_000);
  },
);

/** The broker coordinating the consumer group: stopping it moves the group and partitions. */
async function groupCoordinatorOf(bootstrap: readonly string[]): Promise<number> {
  const admin = new Admin({ clientId: 'bloxtr8-failover-admin', bootstrapBrokers: [...bootstrap] });
  try {
    const [coordinator] = await admin.findCoordinator({ keyType: 0, keys: [GROUP] });
    return coordinator?.nodeId ?? 1;
  } finally {
    await admin.close();
  }
}

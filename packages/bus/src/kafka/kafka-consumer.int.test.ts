import { createLogger } from '@bloxtr8/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueTopicName, waitFor } from '../conformance/bus-under-test.ts';
import { testCommand } from '../conformance/test-messages.ts';
import type { Consumer, IncomingMessage } from '../message-bus.ts';
import { partitionForKey } from '../partitioner.ts';
import { KafkaBus } from './kafka-bus.ts';
import type { KafkaBusOpenOptions } from './kafka-options.ts';
import { deleteTestTopics } from './testing/delete-test-topics.ts';
import { kafkaBrokersForTests } from './testing/kafka-test-brokers.ts';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const brokers = kafkaBrokersForTests('Kafka consumer behaviour (kafka-consumer.int.test.ts)');

const options = (brokerList: string[]): KafkaBusOpenOptions => ({
  brokers: brokerList,
  clientId: 'bloxtr8-test',
  heartbeatIntervalMs: 250,
  rebalanceTimeoutMs: 30_000,
  redeliveryDelayMs: 150,
  fetchMaxWaitMs: 200,
  deliveryTimeoutMs: 10_000,
});

/** A key for each partition of a two-partition topic. */
const keyFor = (partition: number) => {
  for (let i = 0; ; i += 1) if (partitionForKey(`k${i}`, 2) === partition) return `k${i}`;
};

const at = (message: IncomingMessage) => `${message.partition}@${message.offset}`;

describe.skipIf(brokers === undefined)('Kafka consumer', () => {
  const buses: KafkaBus[] = [];
  const consumers: Consumer[] = [];
  const topics: string[] = [];
  let bus: KafkaBus;

  async function openBus(): Promise<KafkaBus> {
    const opened = await KafkaBus.open(options(brokers ?? []), logger);
    buses.push(opened);
    return opened;
  }

  async function subscribe(
    on: KafkaBus,
    groupId: string,
    topic: string,
    handler: (message: IncomingMessage) => Promise<void>,
  ): Promise<Consumer> {
    const consumer = await on.subscribe({ groupId, topics: [topic], handler });
    consumers.push(consumer);
    return consumer;
  }

  async function freshTopic(partitions: number): Promise<string> {
    const name = uniqueTopicName();
    topics.push(name);
    await bus.provisionTopics(
      [{ name, partitions, retentionMs: 3_600_000, cleanupPolicy: 'delete' }],
      { replicationFactor: 1, minInsyncReplicas: 1 },
    );
    return name;
  }

  beforeAll(async () => {
    bus = await openBus();
  });
  afterAll(async () => {
    for (const consumer of consumers) await consumer.stop().catch(() => {});
    for (const opened of buses) await opened.close();
    await deleteTestTopics(brokers ?? [], topics);
  });

  it('hands a revoked partition over only after its message in flight was handled and committed', async () => {
    const topic = await freshTopic(2);
    const groupId = `handover-${topic}`;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const byFirst: string[] = [];
    const bySecond: string[] = [];
    const first = await subscribe(bus, groupId, topic, async (message) => {
      byFirst.push(at(message));
      if (message.offset === 0n) await gate;
    });
    await bus.publish([testCommand(topic, keyFor(0), 0), testCommand(topic, keyFor(1), 0)]);
    await waitFor('both first messages in flight', () => byFirst.length === 2);

    const second = await subscribe(await openBus(), groupId, topic, async (message) => {
      bySecond.push(at(message));
    });
    // The coordinator wants one partition moved, but the first member is still handling it.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(first.assignments()).toHaveLength(2);
    expect(second.assignments()).toHaveLength(0);

    release();
    await waitFor('one partition each', () => second.assignments().length === 1, 30_000);
    await bus.publish([testCommand(topic, keyFor(0), 1), testCommand(topic, keyFor(1), 1)]);
    await waitFor('the next messages', () => byFirst.length + bySecond.length === 4);
    const moved = second.assignments()[0]?.partition;
    // The new owner starts after the handled message: nothing is delivered twice.
    expect(bySecond).toEqual([`${moved}@1`]);
    expect([...byFirst].sort()).toEqual(['0@0', '1@0', `${1 - (moved ?? 0)}@1`].sort());
  });

  it('pauses a partition whose handler rejects and delivers the same message again after the delay', async () => {
    const topic = await freshTopic(1);
    const groupId = `reject-${topic}`;
    const deliveries: Array<{ offset: bigint; at: number }> = [];
    let failuresLeft = 2;
    const consumer = await subscribe(bus, groupId, topic, async (message) => {
      deliveries.push({ offset: message.offset, at: Date.now() });
      if (message.offset === 1n && failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('database briefly unavailable');
      }
    });
    await bus.publish([0, 1, 2].map((seq) => testCommand(topic, 'k', seq)));
    await waitFor('all three handled', () => deliveries.length === 5);
    expect(deliveries.map((delivery) => delivery.offset)).toEqual([0n, 1n, 1n, 1n, 2n]);
    const [, failed, retried] = deliveries;
    expect((retried?.at ?? 0) - (failed?.at ?? 0)).toBeGreaterThanOrEqual(140);

    // A graceful stop commits what was handled: the group's next member starts after it.
    await consumer.stop();
    const afterStop: bigint[] = [];
    await subscribe(bus, groupId, topic, async (message) => {
      afterStop.push(message.offset);
    });
    await bus.publish([testCommand(topic, 'k', 3)]);
    await waitFor('the message after the stop', () => afterStop.length === 1);
    expect(afterStop).toEqual([3n]);
  });

  it('commits nothing after kill, even when the handler in flight finishes later', async () => {
    const topic = await freshTopic(1);
    const groupId = `kill-${topic}`;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handled: bigint[] = [];
    const victim = await subscribe(bus, groupId, topic, async (message) => {
      await gate;
      handled.push(message.offset);
    });
    await bus.publish([testCommand(topic, 'k', 0)]);
    await waitFor('the victim to own the partition', () => victim.assignments().length === 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await victim.kill();
    expect(victim.assignments()).toEqual([]);
    release();
    await waitFor('the victim to finish its handler', () => handled.length === 1);

    const redelivered: bigint[] = [];
    await subscribe(await openBus(), groupId, topic, async (message) => {
      redelivered.push(message.offset);
    });
    await waitFor('the redelivery', () => redelivered.length === 1, 30_000);
    expect(redelivered).toEqual([0n]);
  });

  it('never handles a partition on two members at once, nor a message twice, while members come and go', async () => {
    const topic = await freshTopic(6);
    const groupId = `churn-${topic}`;
    const inFlight = new Map<number, number>();
    let overlaps = 0;
    const handled = new Map<string, number>();
    const firstSeen = new Map<string, number[]>();
    const handler = async (message: IncomingMessage) => {
      const busy = (inFlight.get(message.partition) ?? 0) + 1;
      inFlight.set(message.partition, busy);
      if (busy > 1) overlaps += 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
      const seq = Number(message.headers['x-seq']);
      const id = `${message.key}/${seq}`;
      handled.set(id, (handled.get(id) ?? 0) + 1);
      if (handled.get(id) === 1)
        firstSeen.set(message.key, [...(firstSeen.get(message.key) ?? []), seq]);
      inFlight.set(message.partition, busy - 1);
    };
    await subscribe(bus, groupId, topic, handler);
    const total = 600;
    const publishing = (async () => {
      for (let first = 0; first < total; first += 20) {
        await bus.publish(
          Array.from({ length: 20 }, (_, i) => {
            const message = testCommand(topic, `key-${(first + i) % 12}`, first + i);
            return { ...message, headers: { ...message.headers, 'x-seq': String(first + i) } };
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    for (let round = 0; round < 3; round += 1) {
      const visitor = await subscribe(await openBus(), groupId, topic, handler);
      await waitFor(
        'the visitor to get partitions',
        () => visitor.assignments().length > 0,
        30_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await visitor.stop();
    }
    await publishing;
    await waitFor('every message', () => handled.size === total, 60_000);
    expect(overlaps).toBe(0);
    expect([...handled.values()].filter((count) => count > 1)).toEqual([]);
    for (const [key, seqs] of firstSeen) expect(seqs, key).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('rejects a publish to a topic that does not exist instead of waiting for it', async () => {
    await expect(bus.publish([testCommand('no.such.topic.v1', 'k', 0)])).rejects.toThrow(
      /unknown topic|no\.such\.topic/i,
    );
  });
});

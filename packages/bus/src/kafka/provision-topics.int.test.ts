import { randomBytes } from 'node:crypto';
import { Admin, ConfigResourceTypes } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogTopicSpecs } from '../open-bus.ts';
import type { TopicSpec } from './provision-topics.ts';
import { provisionKafkaTopics } from './provision-topics.ts';
import { kafkaBrokersForTests } from './testing/kafka-test-brokers.ts';

const brokers = kafkaBrokersForTests('Kafka topic provisioning (provision-topics.int.test.ts)');
const SINGLE_NODE = { replicationFactor: 1, minInsyncReplicas: 1 };

describe.skipIf(brokers === undefined)('Kafka topic provisioning', () => {
  const prefix = `provision-${randomBytes(4).toString('hex')}`;
  /** The whole catalog under a name of this run's own, so runs never meet on a shared broker. */
  const catalog: TopicSpec[] = catalogTopicSpecs().map((spec) => ({
    ...spec,
    name: `${prefix}.${spec.name}`,
  }));
  let admin: Admin;

  beforeAll(() => {
    admin = new Admin({ clientId: 'bloxtr8-test', bootstrapBrokers: brokers ?? [] });
  });
  afterAll(async () => {
    const ours = (await admin.listTopics()).filter((name) => name.startsWith(prefix));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
    await admin.close();
  });

  async function configOf(topic: string, key: string): Promise<string | null | undefined> {
    const [description] = await admin.describeConfigs({
      resources: [
        { resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configurationKeys: [key] },
      ],
    });
    return description?.configs.find((entry) => entry.name === key)?.value;
  }

  it('creates every catalog topic and DLQ twin with its partitions, retention and ISR size', async () => {
    const report = await provisionKafkaTopics(admin, catalog, SINGLE_NODE);
    expect(report.hasDrift).toBe(false);
    expect(report.topics.map((topic) => [topic.topic, topic.status])).toEqual(
      catalog.map((spec) => [spec.name, 'created']),
    );
    expect(catalog.filter((spec) => spec.name.endsWith('.dlq'))).toHaveLength(catalog.length / 2);

    const events = `${prefix}.escrow.events.v1`;
    const metadata = await admin.metadata({ topics: [events], forceUpdate: true });
    expect(metadata.topics.get(events)?.partitionsCount).toBe(12);
    expect(await configOf(events, 'retention.ms')).toBe(String(90 * 86_400_000));
    expect(await configOf(events, 'cleanup.policy')).toBe('delete');
    expect(await configOf(events, 'min.insync.replicas')).toBe('1');
    expect(await configOf(`${events}.dlq`, 'retention.ms')).toBe(String(30 * 86_400_000));
  });

  it('does nothing on a second run: every topic is reported ok', async () => {
    const report = await provisionKafkaTopics(admin, catalog, SINGLE_NODE);
    expect(report.hasDrift).toBe(false);
    expect(new Set(report.topics.map((topic) => topic.status))).toEqual(new Set(['ok']));
  });

  it('reports a missing topic on a dry run without creating it', async () => {
    const missing: TopicSpec = { ...(catalog[0] as TopicSpec), name: `${prefix}.missing.v1` };
    const report = await provisionKafkaTopics(admin, [missing], { ...SINGLE_NODE, dryRun: true });
    expect(report.topics).toEqual([
      expect.objectContaining({ topic: missing.name, status: 'missing' }),
    ]);
    expect(await admin.listTopics()).not.toContain(missing.name);
  });

  it('reports the drift of a topic made by hand, and leaves the topic as it is', async () => {
    const drifted: TopicSpec = { ...(catalog[1] as TopicSpec), name: `${prefix}.drifted.v1` };
    await admin.createTopics({
      topics: [drifted.name],
      partitions: 3,
      replicas: 1,
      configs: [
        { name: 'retention.ms', value: '3600000' },
        { name: 'cleanup.policy', value: 'compact' },
        { name: 'min.insync.replicas', value: '1' },
      ],
    });
    const report = await provisionKafkaTopics(admin, [drifted], SINGLE_NODE);
    expect(report.hasDrift).toBe(true);
    expect(report.topics[0]).toMatchObject({
      topic: drifted.name,
      status: 'drift',
      differences: [
        { setting: 'partitions', expected: '12', actual: '3' },
        { setting: 'retention.ms', expected: String(drifted.retentionMs), actual: '3600000' },
        { setting: 'cleanup.policy', expected: 'delete', actual: 'compact' },
      ],
    });
    const after = await admin.metadata({ topics: [drifted.name], forceUpdate: true });
    expect(after.topics.get(drifted.name)?.partitionsCount).toBe(3);
    expect(await configOf(drifted.name, 'cleanup.policy')).toBe('compact');
  });
});

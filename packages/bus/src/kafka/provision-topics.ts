import type { CleanupPolicy } from '@bloxtr8/contracts';
import type { Admin } from '@platformatic/kafka';
import { ConfigResourceTypes, findErrorBy } from '@platformatic/kafka';
import { sleep } from '../backoff.ts';

/** What the catalog says about a topic; `TopicDefinition` and its DLQ twin fit. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly retentionMs: number;
  readonly cleanupPolicy: CleanupPolicy;
}

export interface ProvisionSettings {
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  /** Report only: create nothing. */
  readonly dryRun?: boolean;
}

/** The settings provisioning creates a topic with, and checks existing ones against. */
export interface TopicLayout {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly retentionMs: string;
  readonly cleanupPolicy: string;
  readonly minInsyncReplicas: string;
}

export type TopicSetting =
  | 'partitions'
  | 'replication.factor'
  | 'retention.ms'
  | 'cleanup.policy'
  | 'min.insync.replicas';

export interface Drift {
  readonly setting: TopicSetting;
  readonly expected: string;
  readonly actual: string;
}

export type TopicProvisioning =
  | { readonly topic: string; readonly status: 'created' | 'ok'; readonly expected: TopicLayout }
  | { readonly topic: string; readonly status: 'missing'; readonly expected: TopicLayout }
  | {
      readonly topic: string;
      readonly status: 'drift';
      readonly expected: TopicLayout;
      readonly differences: readonly Drift[];
    };

export interface ProvisioningReport {
  readonly topics: readonly TopicProvisioning[];
  readonly hasDrift: boolean;
}

/**
 * Topics cannot be created with more replicas than the cluster has brokers. Kafka refuses that
 * with INVALID_REPLICATION_FACTOR; this says it before anything is created, with the numbers.
 */
export class TooFewBrokersError extends Error {
  override readonly name = 'TooFewBrokersError';
  readonly brokers: number;
  readonly replicationFactor: number;

  constructor(brokers: number, replicationFactor: number) {
    super(
      `the cluster has ${brokers} broker${brokers === 1 ? '' : 's'}, fewer than the replication factor ${replicationFactor}`,
    );
    this.brokers = brokers;
    this.replicationFactor = replicationFactor;
  }
}

const LEADER_WAIT_MS = 15_000;

export function expectedLayout(spec: TopicSpec, settings: ProvisionSettings): TopicLayout {
  return {
    partitions: spec.partitions,
    replicationFactor: settings.replicationFactor,
    retentionMs: String(spec.retentionMs),
    cleanupPolicy: spec.cleanupPolicy,
    minInsyncReplicas: String(settings.minInsyncReplicas),
  };
}

export const ALL_TOPIC_SETTINGS: readonly TopicSetting[] = [
  'partitions',
  'replication.factor',
  'retention.ms',
  'cleanup.policy',
  'min.insync.replicas',
];

/** Every setting among `settings` whose actual value differs from the expected one. */
export function compareLayouts(
  expected: TopicLayout,
  actual: TopicLayout,
  settings: readonly TopicSetting[] = ALL_TOPIC_SETTINGS,
): Drift[] {
  const pairs: Array<[TopicSetting, string | number, string | number]> = [
    ['partitions', expected.partitions, actual.partitions],
    ['replication.factor', expected.replicationFactor, actual.replicationFactor],
    ['retention.ms', expected.retentionMs, actual.retentionMs],
    ['cleanup.policy', expected.cleanupPolicy, actual.cleanupPolicy],
    ['min.insync.replicas', expected.minInsyncReplicas, actual.minInsyncReplicas],
  ];
  return pairs
    .filter(([setting]) => settings.includes(setting))
    .filter(([, wanted, found]) => String(wanted) !== String(found))
    .map(([setting, wanted, found]) => ({
      setting,
      expected: String(wanted),
      actual: String(found),
    }));
}

/**
 * Creates the topics that are missing, with the catalog's partitions and retention and the
 * deployment's replication, and reports how existing topics differ. Existing topics are never
 * altered or deleted: changing partitions moves keys between partitions, and lowering retention
 * deletes data; an operator decides those.
 */
export async function provisionKafkaTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  settings: ProvisionSettings,
): Promise<ProvisioningReport> {
  const existing = new Set(await admin.listTopics());
  if (specs.some((spec) => !existing.has(spec.name))) {
    await assertEnoughBrokers(admin, settings.replicationFactor);
  }
  const topics: TopicProvisioning[] = [];
  for (const spec of specs) {
    const expected = expectedLayout(spec, settings);
    if (!existing.has(spec.name)) {
      if (settings.dryRun === true) {
        topics.push({ topic: spec.name, status: 'missing', expected });
        continue;
      }
      if (await createTopic(admin, spec.name, expected)) {
        topics.push({ topic: spec.name, status: 'created', expected });
        continue;
      }
    }
    const differences = compareLayouts(expected, await describeTopic(admin, spec.name));
    topics.push(
      differences.length === 0
        ? { topic: spec.name, status: 'ok', expected }
        : { topic: spec.name, status: 'drift', expected, differences },
    );
  }
  return { topics, hasDrift: topics.some((topic) => topic.status === 'drift') };
}

async function assertEnoughBrokers(admin: Admin, replicationFactor: number): Promise<void> {
  const brokers = (await admin.metadata({ topics: [], forceUpdate: true })).brokers.size;
  if (brokers < replicationFactor) throw new TooFewBrokersError(brokers, replicationFactor);
}

/** Creates a topic and waits until every partition has a leader; false if it already existed. */
async function createTopic(admin: Admin, name: string, layout: TopicLayout): Promise<boolean> {
  try {
    await admin.createTopics({
      topics: [name],
      partitions: layout.partitions,
      replicas: layout.replicationFactor,
      configs: [
        { name: 'retention.ms', value: layout.retentionMs },
        { name: 'cleanup.policy', value: layout.cleanupPolicy },
        { name: 'min.insync.replicas', value: layout.minInsyncReplicas },
      ],
    });
  } catch (error) {
    // Another process provisioning at the same moment created it first.
    if (error instanceof Error && findErrorBy(error, 'apiId', 'TOPIC_ALREADY_EXISTS') !== null) {
      return false;
    }
    throw error;
  }
  await waitForLeaders(admin, name);
  return true;
}

async function waitForLeaders(admin: Admin, name: string): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (;;) {
    try {
      const metadata = await admin.metadata({ topics: [name], forceUpdate: true });
      const partitions = metadata.topics.get(name)?.partitions ?? [];
      if (partitions.length > 0 && partitions.every((partition) => partition.leader >= 0)) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topic ${name} has partitions without a leader`);
    await sleep(100);
  }
}

/** A topic's layout as the cluster has it now. */
export async function describeTopic(admin: Admin, name: string): Promise<TopicLayout> {
  const metadata = await admin.metadata({ topics: [name], forceUpdate: true });
  const partitions = metadata.topics.get(name)?.partitions ?? [];
  const [description] = await admin.describeConfigs({
    resources: [
      {
        resourceType: ConfigResourceTypes.TOPIC,
        resourceName: name,
        configurationKeys: ['retention.ms', 'cleanup.policy', 'min.insync.replicas'],
      },
    ],
  });
  const config = (key: string) =>
    description?.configs.find((entry) => entry.name === key)?.value ?? '(unset)';
  return {
    partitions: partitions.length,
    // The smallest replica set: a partition with fewer replicas is the weak spot.
    replicationFactor:
      partitions.length === 0 ? 0 : Math.min(...partitions.map((p) => p.replicas.length)),
    retentionMs: config('retention.ms'),
    cleanupPolicy: config('cleanup.policy'),
    minInsyncReplicas: config('min.insync.replicas'),
  };
}

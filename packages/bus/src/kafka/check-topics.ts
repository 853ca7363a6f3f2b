import type { Admin } from '@platformatic/kafka';
import type { Drift, TopicSetting, TopicSpec } from './provision-topics.ts';
import { compareLayouts, describeTopic, expectedLayout } from './provision-topics.ts';

/**
 * What a service process cares about in a topic: its partitions (keys hash onto them), how long
 * it keeps messages and whether it compacts them. Replication is `kafka topics apply`'s business,
 * so a service never needs the replication variables to judge the topics it uses.
 */
const SERVICE_SETTINGS: readonly TopicSetting[] = ['partitions', 'retention.ms', 'cleanup.policy'];

export interface TopicCheck {
  /** Catalog topics the cluster lacks: a service cannot run until they are provisioned. */
  readonly missing: readonly string[];
  readonly drifted: ReadonlyArray<{ readonly topic: string; readonly differences: Drift[] }>;
}

/**
 * Looks at the catalog's topics without creating or changing any: provisioning belongs to
 * `bloxtr8 kafka topics apply`, and every service process only checks at start.
 */
export async function checkKafkaTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
): Promise<TopicCheck> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.name)).map((spec) => spec.name);
  const drifted: Array<{ topic: string; differences: Drift[] }> = [];
  for (const spec of specs) {
    if (!existing.has(spec.name)) continue;
    // Replication is not compared (SERVICE_SETTINGS): any value fits the expected layout here.
    const expected = expectedLayout(spec, { replicationFactor: 1, minInsyncReplicas: 1 });
    const actual = await describeTopic(admin, spec.name);
    const differences = compareLayouts(expected, actual, SERVICE_SETTINGS);
    if (differences.length > 0) drifted.push({ topic: spec.name, differences });
  }
  return { missing, drifted };
}

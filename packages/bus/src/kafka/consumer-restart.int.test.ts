import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@bloxtr8/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueTopicName, waitFor } from '../conformance/bus-under-test.ts';
import { testCommand } from '../conformance/test-messages.ts';
import { partitionForKey } from '../partitioner.ts';
import { KafkaBus } from './kafka-bus.ts';
import { deleteTestTopics } from './testing/delete-test-topics.ts';
import { kafkaBrokersForTests } from './testing/kafka-test-brokers.ts';

const brokers = kafkaBrokersForTests('consumer restart after kill -9 (consumer-restart.int)');
const CONSUMER = fileURLToPath(new URL('./testing/consumer-process.ts', import.meta.url));
const PARTITIONS = 4;
/** What the issue asks for; the broker's session timeout (45 s) is what it used to take. */
const BACK_TO_WORK_MS_MAX = 10_000;

/** A consumer process and the keys it has handled so far. */
function startConsumer(args: string[]): { child: ChildProcess; consumed: Set<string> } {
  const child = spawn(process.execPath, [CONSUMER, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const consumed = new Set<string>();
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) consumed.add(line);
  });
  return { child, consumed };
}

/** One key per partition, so a message reaches every partition the group has. */
function keysCoveringPartitions(label: string): string[] {
  const keys = new Map<number, string>();
  for (let n = 0; keys.size < PARTITIONS; n += 1) {
    const key = `${label}-${n}`;
    const partition = partitionForKey(key, PARTITIONS);
    if (!keys.has(partition)) keys.set(partition, key);
  }
  return [...keys.values()];
}

describe.skipIf(brokers === undefined)('a consumer process restarted after kill -9', () => {
  const topic = uniqueTopicName();
  const group = `${topic}.group`;
  const slots = mkdtempSync(join(tmpdir(), 'bloxtr8-member-slots-'));
  const children: ChildProcess[] = [];
  let producer: KafkaBus;

  beforeAll(async () => {
    producer = await KafkaBus.open(
      { brokers: brokers ?? [], clientId: 'bloxtr8-test' },
      createLogger({ level: 'silent' }),
    );
    await producer.provisionTopics(
      [{ name: topic, partitions: PARTITIONS, retentionMs: 3_600_000, cleanupPolicy: 'delete' }],
      { replicationFactor: 1, minInsyncReplicas: 1 },
    );
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await producer?.close();
    await deleteTestTopics(brokers ?? [], [topic]);
    rmSync(slots, { recursive: true, force: true });
  });

  const publish = (keys: string[]) =>
    producer.publish(keys.map((key, seq) => testCommand(topic, key, seq)));
  const consumedAll = (consumed: Set<string>, keys: string[]) =>
    keys.every((key) => consumed.has(`consumed ${key}`));

  it(`takes its partitions back within ${BACK_TO_WORK_MS_MAX / 1000} s, not after the session timeout`, async () => {
    const args = [(brokers ?? []).join(','), topic, group, slots];
    const first = startConsumer(args);
    children.push(first.child);
    await waitFor('the first run to join', () => first.consumed.has('joined'));
    const before = keysCoveringPartitions('before');
    await publish(before);
    await waitFor('the first run to consume', () => consumedAll(first.consumed, before));

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const killedAt = Date.now();
    const second = startConsumer(args);
    children.push(second.child);
    const after = keysCoveringPartitions('after');
    await publish(after);
    await waitFor(
      'the restarted run to consume on every partition',
      () => consumedAll(second.consumed, after),
      60_000,
    );
    const backToWorkMs = Date.now() - killedAt;
    // biome-ignore lint/suspicious/noConsole: printing the figure is what this test is for.
    console.info(
      `consumer restarted after kill -9: consuming every partition again in ${backToWorkMs} ms`,
    );
    expect(backToWorkMs).toBeLessThanOrEqual(BACK_TO_WORK_MS_MAX);
    second.child.kill('SIGTERM');
  }, 90_000);
});

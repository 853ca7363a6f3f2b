import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogTopicSpecs, KafkaBus } from '@bloxtr8/bus';
import { deleteTestTopics, kafkaBrokersForTests } from '@bloxtr8/bus/testing';
import { TOPICS } from '@bloxtr8/contracts';
import { migrate, openPglite } from '@bloxtr8/db';
import { createLogger } from '@bloxtr8/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from './run-cli.ts';

async function migratedDataDir(prefix: string): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const db = await openPglite({ kind: 'directory', path: join(dataDir, 'pglite') });
  await migrate(db);
  await db.close();
  return dataDir;
}

describe('bloxtr8 projections, on the embedded default', () => {
  let dataDir = '';

  beforeAll(async () => {
    dataDir = await migratedDataDir('bloxtr8-projections-');
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('rebuilds into a new generation, each run one further', async () => {
    const first = await runCli(dataDir, 'projections', 'rebuild');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('from generation 1 to 2');
    expect((await runCli(dataDir, 'projections', 'rebuild')).stdout).toContain(
      'from generation 2 to 3',
    );
  });

  it('shows each read model consumer group and how far behind it is', async () => {
    const lag = await runCli(dataDir, 'projections', 'lag');
    expect(lag.code).toBe(0);
    expect(lag.stdout).toMatch(/escrow\.events\.v1 {2}behind: 0/);
  });

  it('explains itself when asked for something it does not do', async () => {
    const wrong = await runCli(dataDir, 'projections', 'drop');
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toContain('usage: bloxtr8 projections');
  });
});

const brokers = kafkaBrokersForTests('bloxtr8 projections lag on Kafka (projections.e2e)');

describe.skipIf(brokers === undefined)('bloxtr8 projections lag, on Kafka', () => {
  const prefix = `lag${randomBytes(4).toString('hex')}.`;
  let dataDir = '';
  const env = () => ({
    BLOXTR8_DATA_DIR: dataDir,
    KAFKA_BROKERS: (brokers ?? []).join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_REPLICATION_FACTOR: '1',
    KAFKA_MIN_INSYNC_REPLICAS: '1',
    LOG_LEVEL: 'warn',
  });

  beforeAll(async () => {
    dataDir = await migratedDataDir('bloxtr8-projections-kafka-');
    expect((await startCli(['kafka', 'topics', 'apply'], env()).finished).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    const topics = catalogTopicSpecs().map((spec) => `${prefix}${spec.name}`);
    await deleteTestTopics(brokers ?? [], topics);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads each read model group’s lag from Kafka’s offsets instead of answering unknown', async () => {
    const bus = await KafkaBus.open(
      { brokers: brokers ?? [], clientId: 'bloxtr8-test', topicPrefix: prefix },
      createLogger({ level: 'silent' }),
    );
    try {
      await bus.publish(
        ['escrow-a', 'escrow-b', 'escrow-c'].map((key) => ({
          topic: TOPICS.escrowEvents.name,
          key,
          value: new Uint8Array([1]),
          headers: {},
        })),
      );
    } finally {
      await bus.close();
    }
    const lag = await startCli(['projections', 'lag'], env()).finished;
    expect(lag.stderr).toBe('');
    expect(lag.code).toBe(0);
    expect(lag.stdout).toMatch(/escrow\.events\.v1 {2}behind: 3 /);
    expect(lag.stdout).toMatch(/payments\.events\.v1 {2}behind: 0 /);
    expect(lag.stdout).not.toContain('unknown');
  });
});

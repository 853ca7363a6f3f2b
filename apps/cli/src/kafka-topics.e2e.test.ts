import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogTopicSpecs } from '@bloxtr8/bus';
import { deleteTestTopics, kafkaBrokersForTests } from '@bloxtr8/bus/testing';
import { Admin } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from './run-cli.ts';

const brokers = kafkaBrokersForTests('bloxtr8 kafka topics and service starts (kafka-topics.e2e)');

describe.skipIf(brokers === undefined)(
  'Kafka topics: provisioned by the command, checked by services',
  () => {
    const prefix = `ops${randomBytes(4).toString('hex')}.`;
    const dataDirs: string[] = [];
    let admin: Admin;
    const kafkaEnv = () => ({
      KAFKA_BROKERS: (brokers ?? []).join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'warn',
    });
    const serviceEnv = () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'bloxtr8-kafka-topics-'));
      dataDirs.push(dataDir);
      return { ...kafkaEnv(), BLOXTR8_DATA_DIR: dataDir };
    };
    const ourTopics = async () =>
      (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));

    beforeAll(() => {
      admin = new Admin({ clientId: 'bloxtr8-test', bootstrapBrokers: brokers ?? [] });
    });
    afterAll(async () => {
      await deleteTestTopics(
        brokers ?? [],
        catalogTopicSpecs().map((spec) => `${prefix}${spec.name}`),
      );
      await admin.close();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    });

    it('apply with the default replication on a smaller cluster: one line naming the variables', async () => {
      const { brokers: inCluster } = await admin.metadata({ topics: [] });
      expect(inCluster.size, 'this case needs a cluster of fewer than 3 brokers').toBeLessThan(3);
      const result = await startCli(['kafka', 'topics', 'apply'], kafkaEnv()).finished;
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^bloxtr8: cannot create topics with KAFKA_REPLICATION_FACTOR=3: Kafka at .* has 1 broker; set KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS to at most 1/,
      );
      expect(await ourTopics()).toEqual([]);
    });

    it('a service refuses to start while topics are missing, names the command, creates none', async () => {
      const result = await startCli(['run', 'escrow'], serviceEnv()).finished;
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^bloxtr8: Kafka lacks \d+ of the catalog's topics \(.*\): run `bloxtr8 kafka topics apply` once before starting services$/,
      );
      expect(await ourTopics()).toEqual([]);
    });

    it('once provisioned, a service starts without the replication variables and warns of nothing', async () => {
      // One topic made by hand beforehand with too few partitions: apply reports it and exits 2.
      const drifted = `${prefix}escrow.events.v1.dlq`;
      await admin.createTopics({ topics: [drifted], partitions: 2, replicas: 1 });
      const apply = await startCli(['kafka', 'topics', 'apply'], {
        ...kafkaEnv(),
        KAFKA_REPLICATION_FACTOR: '1',
        KAFKA_MIN_INSYNC_REPLICAS: '1',
      }).finished;
      expect(apply.code).toBe(2);
      expect(apply.stdout).toContain(`drift    ${drifted}`);

      const escrow = startCli(['run', 'escrow'], serviceEnv());
      await escrow.running;
      escrow.child.kill('SIGINT');
      const stopped = await escrow.finished;
      expect(stopped.code, stopped.stderr).toBe(0);
      const warnings = stopped.stdout.split('\n').filter((line) => line.includes('"level":"warn"'));
      const topicWarnings = warnings.filter((line) => line.includes('Kafka topics differ'));
      // Replication (1 here, 3 by default) is not the service's business: only the real drift shows.
      expect(topicWarnings).toHaveLength(1);
      expect(topicWarnings[0]).toContain(`Kafka topics differ from the catalog: ${drifted};`);
      expect(topicWarnings[0]).toContain('"setting":"partitions"');
      expect(warnings.filter((line) => line.includes('replication'))).toEqual([]);
    });
  },
);

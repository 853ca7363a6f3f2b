import type { ProvisioningReport, TopicLayout } from '@bloxtr8/bus';
import { describe, expect, it } from 'vitest';
import { formatProvisioningReport } from './kafka-topics.ts';

const layout: TopicLayout = {
  partitions: 12,
  replicationFactor: 3,
  retentionMs: '604800000',
  cleanupPolicy: 'delete',
  minInsyncReplicas: '2',
};
const kafka = {
  brokers: ['kafka-1:9092', 'kafka-2:9092'],
  replicationFactor: 3,
  minInsyncReplicas: 2,
};

describe('kafka topics report', () => {
  it('lists created and ok topics, and the drifted settings with expected and actual values', () => {
    const report: ProvisioningReport = {
      hasDrift: true,
      topics: [
        { topic: 'escrow.commands.v1', status: 'created', expected: layout },
        { topic: 'escrow.commands.v1.dlq', status: 'ok', expected: layout },
        {
          topic: 'escrow.events.v1',
          status: 'drift',
          expected: layout,
          differences: [
            { setting: 'partitions', expected: '12', actual: '6' },
            { setting: 'retention.ms', expected: '7776000000', actual: '604800000' },
          ],
        },
      ],
    };
    const text = formatProvisioningReport(report, kafka, false);
    expect(text.split('\n')).toEqual([
      'Kafka topics at kafka-1:9092,kafka-2:9092 (replication factor 3, min.insync.replicas 2)',
      '  created  escrow.commands.v1      12 partitions, retention.ms 604800000',
      '  ok       escrow.commands.v1.dlq',
      '  drift    escrow.events.v1',
      '             partitions           expected 12, actual 6',
      '             retention.ms         expected 7776000000, actual 604800000',
      '',
      '3 topics: 1 created, 1 ok, 1 drift, 0 missing.',
      'Drift is reported, never fixed here: more partitions move keys to other partitions, and a',
      'shorter retention deletes data. Change those topics by hand (docs/adr/0006-kafka-adapter.md).',
    ]);
  });

  it('says on a dry run what would be created', () => {
    const report: ProvisioningReport = {
      hasDrift: false,
      topics: [{ topic: 'webhook.events.v1', status: 'missing', expected: layout }],
    };
    const text = formatProvisioningReport(report, kafka, true);
    expect(text).toContain('dry run: nothing is created');
    expect(text).toContain('  missing  webhook.events.v1  would be created: 12 partitions');
    expect(text).toContain('1 topic: 0 created, 0 ok, 0 drift, 1 missing.');
    expect(text).not.toContain('Drift is reported');
  });
});

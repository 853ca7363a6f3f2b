import { describe, expect, it } from 'vitest';
import { compareLayouts, expectedLayout } from './provision-topics.ts';

const spec = {
  name: 'escrow.events.v1',
  partitions: 12,
  retentionMs: 7_776_000_000,
  cleanupPolicy: 'delete' as const,
};

describe('topic provisioning layout', () => {
  it('expects the catalog partitions and retention, and the deployment replication', () => {
    expect(expectedLayout(spec, { replicationFactor: 3, minInsyncReplicas: 2 })).toEqual({
      partitions: 12,
      replicationFactor: 3,
      retentionMs: '7776000000',
      cleanupPolicy: 'delete',
      minInsyncReplicas: '2',
    });
  });

  it('finds no drift in a topic as provisioned', () => {
    const expected = expectedLayout(spec, { replicationFactor: 3, minInsyncReplicas: 2 });
    expect(compareLayouts(expected, { ...expected })).toEqual([]);
  });

  it('names every setting that drifted with the expected and the actual value', () => {
    const expected = expectedLayout(spec, { replicationFactor: 3, minInsyncReplicas: 2 });
    const actual = {
      partitions: 6,
      replicationFactor: 1,
      retentionMs: '604800000',
      cleanupPolicy: 'compact',
      minInsyncReplicas: '1',
    };
    expect(compareLayouts(expected, actual)).toEqual([
      { setting: 'partitions', expected: '12', actual: '6' },
      { setting: 'replication.factor', expected: '3', actual: '1' },
      { setting: 'retention.ms', expected: '7776000000', actual: '604800000' },
      { setting: 'cleanup.policy', expected: 'delete', actual: 'compact' },
      { setting: 'min.insync.replicas', expected: '2', actual: '1' },
    ]);
  });
});

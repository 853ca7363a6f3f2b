import { compatibilityPartitioner } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../partitioner.ts';
import { javaCompatiblePartitioner } from './java-compatible-partitioner.ts';

/** The producer library reduces the partitioner's number modulo the partition count. */
const kafkaPartition = (key: string, partitions: number) =>
  javaCompatiblePartitioner(undefined, Buffer.from(key, 'utf8')) % partitions;

describe('Java-compatible partitioner', () => {
  it('chooses the partition partitionForKey chooses, for every partition count', () => {
    for (const partitions of [1, 3, 12, 50]) {
      for (let i = 0; i < 300; i += 1) {
        const key = `escrow-${i}-${'ü'.repeat(i % 5)}`;
        expect(kafkaPartition(key, partitions), key).toBe(partitionForKey(key, partitions));
      }
    }
    expect(kafkaPartition('', 12)).toBe(partitionForKey('', 12));
  });

  it("agrees with the library's own Java-compatible partitioner", () => {
    for (let i = 0; i < 200; i += 1) {
      const key = Buffer.from(`payment-${i}`);
      expect(javaCompatiblePartitioner(undefined, key)).toBe(
        compatibilityPartitioner({ topic: 't' }, key),
      );
    }
  });

  it('refuses a message without a key instead of placing it anywhere', () => {
    expect(() => javaCompatiblePartitioner(undefined, undefined)).toThrow(/without a key/);
  });
});

import { murmur2 } from '../partitioner.ts';

/**
 * The producer's partitioner: the Java client's `toPositive(murmur2(key))`. The client library
 * takes the result modulo the topic's partition count, which makes the whole choice equal to
 * `partitionForKey(key, partitions)`, so a key lands on the same partition on either bus.
 * Every message the port accepts has a key; an absent one would be a bug upstream.
 */
export function javaCompatiblePartitioner(_message: unknown, key: Buffer | undefined): number {
  if (key === undefined) throw new Error('a Kafka message without a key cannot be partitioned');
  return murmur2(key) & 0x7fffffff;
}

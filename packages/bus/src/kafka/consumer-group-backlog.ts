import type { Admin } from '@platformatic/kafka';
import { ListOffsetTimestamps } from '@platformatic/kafka';

/** How far a consumer group is behind on one topic, as Kafka's offsets tell it. */
export interface ConsumerGroupBacklog {
  /** Messages on the topic the group has not committed yet, summed over its partitions. */
  readonly messagesBehind: number;
  /** Per partition: the group's committed offset (null before its first commit) and the end. */
  readonly partitions: ReadonlyArray<{
    readonly partition: number;
    readonly committed: bigint | null;
    readonly end: bigint;
  }>;
}

/**
 * Reads a group's lag without joining it: committed offsets (OffsetFetch) against the log end of
 * every partition (ListOffsets LATEST). A partition the group never committed counts from its
 * earliest retained offset, where a new member would start; a commit older than what retention
 * kept counts from there too, since the deleted messages can no longer be read.
 */
export async function readConsumerGroupBacklog(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<ConsumerGroupBacklog> {
  const partitionIndexes = await partitionsOf(admin, topic);
  if (partitionIndexes.length === 0) return { messagesBehind: 0, partitions: [] };
  const [committed, earliest, end] = await Promise.all([
    committedOffsets(admin, groupId, topic, partitionIndexes),
    listOffsets(admin, topic, partitionIndexes, ListOffsetTimestamps.EARLIEST),
    listOffsets(admin, topic, partitionIndexes, ListOffsetTimestamps.LATEST),
  ]);
  let behind = 0n;
  const partitions = partitionIndexes.map((partition) => {
    const last = end.get(partition) ?? 0n;
    const from = maxOf(committed.get(partition) ?? 0n, earliest.get(partition) ?? 0n);
    behind += last > from ? last - from : 0n;
    return { partition, committed: committed.get(partition) ?? null, end: last };
  });
  return { messagesBehind: Number(behind), partitions };
}

async function partitionsOf(admin: Admin, topic: string): Promise<number[]> {
  const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
  const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
  return Array.from({ length: count }, (_, partition) => partition);
}

async function committedOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
  partitionIndexes: number[],
): Promise<Map<number, bigint>> {
  const [group] = await admin.listConsumerGroupOffsets({
    groups: [{ groupId, topics: [{ name: topic, partitionIndexes }] }],
  });
  const offsets = new Map<number, bigint>();
  for (const partition of group?.topics.find((entry) => entry.name === topic)?.partitions ?? []) {
    // -1: no commit for this partition yet.
    if (partition.committedOffset >= 0n) {
      offsets.set(partition.partitionIndex, partition.committedOffset);
    }
  }
  return offsets;
}

async function listOffsets(
  admin: Admin,
  topic: string,
  partitionIndexes: number[],
  timestamp: bigint,
): Promise<Map<number, bigint>> {
  const [listed] = await admin.listOffsets({
    topics: [
      {
        name: topic,
        partitions: partitionIndexes.map((partitionIndex) => ({ partitionIndex, timestamp })),
      },
    ],
  });
  return new Map(
    (listed?.partitions ?? []).map((partition) => [partition.partitionIndex, partition.offset]),
  );
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

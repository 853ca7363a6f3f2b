import type { Connection } from '@platformatic/kafka';
import {
  consumerGroupHeartbeatV1,
  findErrorBy,
  offsetCommitV9,
  offsetFetchV9,
} from '@platformatic/kafka';

/** A partition as the group protocol names it: by topic id on the wire, by name for us. */
export interface KafkaTopicPartition {
  readonly topic: string;
  readonly topicId: string;
  readonly partition: number;
}

export const tpKey = (tp: { topic: string; partition: number }): string =>
  `${tp.topic}:${tp.partition}`;

/** Error names (Kafka protocol) the consumer reacts to; the rest are logged and retried. */
export type KafkaErrorName =
  | 'FENCED_MEMBER_EPOCH'
  | 'UNKNOWN_MEMBER_ID'
  | 'STALE_MEMBER_EPOCH'
  | 'NOT_COORDINATOR'
  | 'COORDINATOR_NOT_AVAILABLE'
  | 'COORDINATOR_LOAD_IN_PROGRESS'
  | 'OFFSET_OUT_OF_RANGE';

export function isKafkaError(error: unknown, name: KafkaErrorName): boolean {
  return error instanceof Error && findErrorBy(error, 'apiId', name) !== null;
}

/** The member no longer exists for the coordinator: its partitions are gone, it must rejoin. */
export function isFenced(error: unknown): boolean {
  return isKafkaError(error, 'FENCED_MEMBER_EPOCH') || isKafkaError(error, 'UNKNOWN_MEMBER_ID');
}

/** The coordinator moved or is loading: find it again before the next request. */
export function isCoordinatorGone(error: unknown): boolean {
  return (
    isKafkaError(error, 'NOT_COORDINATOR') ||
    isKafkaError(error, 'COORDINATOR_NOT_AVAILABLE') ||
    isKafkaError(error, 'COORDINATOR_LOAD_IN_PROGRESS') ||
    (error instanceof Error && findErrorBy(error, 'code', 'PLT_KFK_NETWORK') !== null)
  );
}

export interface MemberState {
  readonly groupId: string;
  readonly memberId: string;
  readonly memberEpoch: number;
}

export interface HeartbeatRequest extends MemberState {
  readonly rebalanceTimeoutMs: number;
  readonly topics: readonly string[];
  readonly owned: readonly KafkaTopicPartition[];
}

export interface HeartbeatResult {
  readonly memberEpoch: number;
  readonly heartbeatIntervalMs: number;
  /** The full target assignment, or undefined when it did not change. */
  readonly assignment: ReadonlyArray<{ topicId: string; partitions: number[] }> | undefined;
}

/** Groups partitions by topic id, as the heartbeat lists owned partitions. */
function byTopicId(owned: readonly KafkaTopicPartition[]) {
  const topics = new Map<string, number[]>();
  for (const tp of owned) topics.set(tp.topicId, [...(topics.get(tp.topicId) ?? []), tp.partition]);
  return [...topics].map(([topicId, partitions]) => ({ topicId, partitions }));
}

/**
 * One KIP-848 heartbeat. It always carries the full member state (subscription and owned
 * partitions); the protocol allows omitting unchanged fields, but a full request is never wrong.
 */
export async function heartbeat(
  connection: Connection,
  request: HeartbeatRequest,
): Promise<HeartbeatResult> {
  const response = await consumerGroupHeartbeatV1.api.async(
    connection,
    request.groupId,
    request.memberId,
    request.memberEpoch,
    null,
    null,
    request.rebalanceTimeoutMs,
    [...request.topics],
    null,
    null,
    byTopicId(request.owned),
  );
  return {
    memberEpoch: response.memberEpoch,
    heartbeatIntervalMs: response.heartbeatIntervalMs,
    assignment: response.assignment?.topicPartitions ?? undefined,
  };
}

/** Leaves the group (member epoch -1); the coordinator hands the partitions out at once. */
export async function leaveGroup(connection: Connection, member: MemberState): Promise<void> {
  await consumerGroupHeartbeatV1.api.async(
    connection,
    member.groupId,
    member.memberId,
    -1,
    null,
    null,
    0,
    [],
    null,
    null,
    [],
  );
}

export interface OffsetToCommit {
  readonly tp: KafkaTopicPartition;
  /** The next offset to consume: the handled message's offset plus one. */
  readonly offset: bigint;
}

export async function commitOffsets(
  connection: Connection,
  member: MemberState,
  offsets: readonly OffsetToCommit[],
): Promise<void> {
  const topics = new Map<string, Array<{ partitionIndex: number; committedOffset: bigint }>>();
  for (const { tp, offset } of offsets) {
    topics.set(tp.topic, [
      ...(topics.get(tp.topic) ?? []),
      { partitionIndex: tp.partition, committedOffset: offset },
    ]);
  }
  await offsetCommitV9.api.async(
    connection,
    member.groupId,
    member.memberEpoch,
    member.memberId,
    null,
    [...topics].map(([name, partitions]) => ({
      name,
      partitions: partitions.map((partition) => ({ ...partition, committedLeaderEpoch: -1 })),
    })),
  );
}

/** The group's committed offset of a partition, or undefined when it has none yet. */
export async function committedOffset(
  connection: Connection,
  groupId: string,
  tp: KafkaTopicPartition,
): Promise<bigint | undefined> {
  // Member epoch -1 reads as an administrator would: no ownership check, and the previous owner
  // committed before it released the partition, so the value is current.
  const response = await offsetFetchV9.api.async(
    connection,
    [
      {
        groupId,
        memberId: null,
        memberEpoch: -1,
        topics: [{ name: tp.topic, partitionIndexes: [tp.partition] }],
      },
    ],
    false,
  );
  const partition = response.groups[0]?.topics
    .find((topic) => topic.name === tp.topic)
    ?.partitions.find((p) => p.partitionIndex === tp.partition);
  const offset = partition?.committedOffset ?? -1n;
  return offset < 0n ? undefined : offset;
}

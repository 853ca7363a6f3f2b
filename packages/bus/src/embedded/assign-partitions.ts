import type { TopicPartition } from '../message-bus.ts';

export interface GroupMember {
  readonly memberId: string;
  readonly topics: readonly string[];
}

/**
 * Which partitions each member of a group should own: for every topic, its partitions dealt
 * round-robin over the members subscribed to it, in member id order. Every member computes the
 * same answer from the same membership, so no leader is needed. The deal starts at a different
 * member for each topic so that small topics do not all land on the first member.
 */
export function assignPartitions(
  members: readonly GroupMember[],
  partitions: readonly TopicPartition[],
): Map<string, TopicPartition[]> {
  const sorted = [...members].sort((a, b) => a.memberId.localeCompare(b.memberId));
  const assignment = new Map<string, TopicPartition[]>(sorted.map((m) => [m.memberId, []]));
  const topics = [...new Set(partitions.map((p) => p.topic))].sort();
  topics.forEach((topic, topicIndex) => {
    const subscribers = sorted.filter((m) => m.topics.includes(topic));
    if (subscribers.length === 0) return;
    const ofTopic = partitions
      .filter((p) => p.topic === topic)
      .sort((a, b) => a.partition - b.partition);
    ofTopic.forEach((partition, index) => {
      const owner = subscribers[(index + topicIndex) % subscribers.length];
      if (owner !== undefined) assignment.get(owner.memberId)?.push(partition);
    });
  });
  return assignment;
}

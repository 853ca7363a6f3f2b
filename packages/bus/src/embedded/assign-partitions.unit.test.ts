import { describe, expect, it } from 'vitest';
import type { TopicPartition } from '../message-bus.ts';
import { assignPartitions } from './assign-partitions.ts';

const partitionsOf = (topic: string, count: number): TopicPartition[] =>
  Array.from({ length: count }, (_, partition) => ({ topic, partition }));

const key = (p: TopicPartition) => `${p.topic}/${p.partition}`;

describe('assignPartitions', () => {
  it('gives one member everything', () => {
    const all = partitionsOf('a.events.v1', 12);
    const result = assignPartitions([{ memberId: 'm1', topics: ['a.events.v1'] }], all);
    expect(result.get('m1')?.map(key).sort()).toEqual(all.map(key).sort());
  });

  it('splits evenly, disjointly and completely, whatever order members are listed in', () => {
    const all = [...partitionsOf('a.events.v1', 12), ...partitionsOf('b.events.v1', 12)];
    const members = ['m3', 'm1', 'm2'].map((memberId) => ({
      memberId,
      topics: ['a.events.v1', 'b.events.v1'],
    }));
    const result = assignPartitions(members, all);
    const reversed = assignPartitions([...members].reverse(), all);
    const owned = [...result.values()].flat().map(key);
    expect(new Set(owned).size).toBe(owned.length);
    expect(owned.sort()).toEqual(all.map(key).sort());
    for (const [member, partitions] of result) {
      expect(partitions).toHaveLength(8);
      expect(reversed.get(member)).toEqual(partitions);
    }
  });

  it('assigns a topic only to members subscribed to it', () => {
    const all = [...partitionsOf('a.events.v1', 2), ...partitionsOf('b.events.v1', 2)];
    const result = assignPartitions(
      [
        { memberId: 'only-a', topics: ['a.events.v1'] },
        { memberId: 'only-b', topics: ['b.events.v1'] },
      ],
      all,
    );
    expect(result.get('only-a')?.every((p) => p.topic === 'a.events.v1')).toBe(true);
    expect(result.get('only-b')?.every((p) => p.topic === 'b.events.v1')).toBe(true);
    expect(result.get('only-a')).toHaveLength(2);
  });
});

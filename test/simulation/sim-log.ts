import type {
  BatchHandler,
  IncomingMessage,
  MessageHandler,
  OutgoingMessage,
  TopicPartition,
} from '@bloxtr8/bus';
import { partitionForKey } from '@bloxtr8/bus';

/** Partitions of a topic nobody created explicitly: the catalog's count (SPEC §6). */
export const DEFAULT_PARTITIONS = 12;

export const tpKey = (tp: TopicPartition) => `${tp.topic}#${tp.partition}`;

/** One subscriber of a consumer group, as the log sees it. */
export interface Member {
  readonly id: string;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly handler: MessageHandler;
  readonly batchHandler: BatchHandler | undefined;
  readonly maxBatchSize: number;
  /** The client (simulated process) it belongs to. */
  readonly owner: string;
  readonly joinedAt: number;
  assigned: TopicPartition[];
  /** Next offset to hand over, per owned partition; ahead of the committed offset until committed. */
  readonly position: Map<string, bigint>;
  inFlight: Promise<unknown> | null;
  alive: boolean;
}

/** The next thing a consumer could be handed: one member, one of its partitions. */
export interface Delivery {
  readonly member: Member;
  readonly tp: TopicPartition;
}

export type DeliveryOutcome = 'handled' | 'rejected' | 'gone';

interface Group {
  readonly committed: Map<string, bigint>;
  members: Member[];
}

/**
 * Kafka's model in memory, for the simulator: topics of partitions holding every message ever
 * appended (no retention: a run is short), consumer groups with committed offsets, and members
 * that split a group's partitions. Nothing is delivered by itself: a caller (the scheduler, or the
 * autopilot of `SimBus` for the conformance suite) chooses each delivery, so it decides the order
 * across partitions, when offsets are committed and when a group rewinds to them. Within a
 * partition order holds, as on Kafka, except that a rewind delivers again from the committed
 * offset.
 */
export class SimLog {
  readonly #topics = new Map<string, IncomingMessage[][]>();
  readonly #groups = new Map<string, Group>();
  readonly #now: () => Date;
  #joined = 0;

  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
  }

  createTopic(name: string, partitions: number): void {
    if (!this.#topics.has(name)) {
      this.#topics.set(
        name,
        Array.from({ length: partitions }, () => []),
      );
    }
  }

  /** The topic's partitions, created with the default count on first use. */
  partitions(topic: string): IncomingMessage[][] {
    this.createTopic(topic, DEFAULT_PARTITIONS);
    return this.#topics.get(topic) as IncomingMessage[][];
  }

  topicNames(): string[] {
    return [...this.#topics.keys()];
  }

  /** Appends in call order; a key always lands on the same partition (murmur2, as Kafka). */
  append(messages: readonly OutgoingMessage[]): void {
    for (const message of messages) {
      const partitions = this.partitions(message.topic);
      const partition = partitionForKey(message.key, partitions.length);
      const log = partitions[partition] as IncomingMessage[];
      log.push({
        ...message,
        headers: { ...message.headers },
        partition,
        offset: BigInt(log.length),
        timestamp: this.#now(),
      });
    }
  }

  join(options: Omit<Member, 'assigned' | 'position' | 'inFlight' | 'alive' | 'joinedAt'>): Member {
    this.#joined += 1;
    const member: Member = {
      ...options,
      joinedAt: this.#joined,
      assigned: [],
      position: new Map(),
      inFlight: null,
      alive: true,
    };
    const group = this.#group(options.groupId);
    group.members.push(member);
    this.#rebalance(group);
    return member;
  }

  /** The member is gone (stopped or crashed): nothing of its uncommitted progress counts. */
  leave(member: Member): void {
    if (!member.alive) return;
    member.alive = false;
    const group = this.#group(member.groupId);
    group.members = group.members.filter((other) => other !== member);
    this.#rebalance(group);
  }

  /** Every delivery some live member could be handed now. */
  runnable(): Delivery[] {
    const deliveries: Delivery[] = [];
    for (const group of this.#groups.values()) {
      for (const member of group.members) {
        if (!member.alive || member.inFlight !== null) continue;
        for (const tp of member.assigned) {
          if (this.#positionOf(member, tp) < this.#endOf(tp)) deliveries.push({ member, tp });
        }
      }
    }
    return deliveries;
  }

  /**
   * Hands the member up to `count` consecutive messages of the partition (one unless it takes
   * batches), moves its position past them once the handler resolved, and commits if `commit`. A
   * rejection moves nothing: the same messages come again. A member that left meanwhile (a crash
   * inside its own handler) moves nothing either.
   */
  async deliver(delivery: Delivery, count: number, commit: boolean): Promise<DeliveryOutcome> {
    const { member, tp } = delivery;
    const from = this.#positionOf(member, tp);
    const size = member.batchHandler === undefined ? 1 : Math.min(count, member.maxBatchSize);
    const log = this.partitions(tp.topic)[tp.partition] as IncomingMessage[];
    const messages = log.slice(Number(from), Number(from) + Math.max(1, size));
    const handling =
      member.batchHandler === undefined
        ? member.handler(messages[0] as IncomingMessage)
        : member.batchHandler(messages);
    member.inFlight = handling;
    try {
      await handling;
    } catch {
      return 'rejected';
    } finally {
      member.inFlight = null;
    }
    if (!member.alive || !member.assigned.some((owned) => tpKey(owned) === tpKey(tp)))
      return 'gone';
    const next = from + BigInt(messages.length);
    member.position.set(tpKey(tp), next);
    if (commit) this.#group(member.groupId).committed.set(tpKey(tp), next);
    return 'handled';
  }

  /** Commits what the group's members handled so far (Kafka's periodic offset commit). */
  commit(groupId: string): void {
    const group = this.#group(groupId);
    for (const member of group.members) {
      for (const [key, position] of member.position) group.committed.set(key, position);
    }
  }

  /** Whether some member handled messages it has not committed yet. */
  hasUncommitted(groupId: string): boolean {
    const group = this.#group(groupId);
    return group.members.some((member) =>
      [...member.position].some(([key, at]) => at > (group.committed.get(key) ?? 0n)),
    );
  }

  /** As after a rebalance: every member goes back to the committed offsets (redelivery). */
  rewind(groupId: string): void {
    const group = this.#group(groupId);
    for (const member of group.members) member.position.clear();
  }

  groupIds(): string[] {
    return [...this.#groups.keys()];
  }

  /** Messages of a topic in the order of their partitions and offsets. */
  messages(topic: string): IncomingMessage[] {
    return this.partitions(topic).flat();
  }

  #group(groupId: string): Group {
    let group = this.#groups.get(groupId);
    if (group === undefined) {
      group = { committed: new Map(), members: [] };
      this.#groups.set(groupId, group);
    }
    return group;
  }

  #positionOf(member: Member, tp: TopicPartition): bigint {
    const key = tpKey(tp);
    return member.position.get(key) ?? this.#group(member.groupId).committed.get(key) ?? 0n;
  }

  #endOf(tp: TopicPartition): bigint {
    return BigInt((this.partitions(tp.topic)[tp.partition] ?? []).length);
  }

  /** Round robin over the members in joining order; a partition that changes hands starts over at the committed offset. */
  #rebalance(group: Group): void {
    const members = [...group.members].sort((a, b) => a.joinedAt - b.joinedAt);
    const topics = [...new Set(members.flatMap((member) => member.topics))].sort();
    const all = topics.flatMap((topic) =>
      this.partitions(topic).map((_, partition) => ({ topic, partition })),
    );
    const next = new Map<Member, TopicPartition[]>(members.map((member) => [member, []]));
    all.forEach((tp, index) => {
      const owner = members[index % members.length];
      if (owner !== undefined) next.get(owner)?.push(tp);
    });
    for (const member of members) {
      const owned = next.get(member) ?? [];
      const keep = new Set(owned.map(tpKey));
      for (const key of [...member.position.keys()]) {
        if (!keep.has(key)) member.position.delete(key);
      }
      member.assigned = owned;
    }
  }
}

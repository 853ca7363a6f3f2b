import type { Logger } from '@bloxtr8/platform';
import type { Admin } from '@platformatic/kafka';
import type { KafkaTopicPartition } from './group-requests.ts';

type Assignment = ReadonlyArray<{ readonly topicId: string; readonly partitions: number[] }>;

/**
 * The partitions the coordinator last assigned to this member. The coordinator names topics by
 * id; ids are resolved to names through the cluster metadata. The coordinator sends an assignment
 * only when it changes, so one that cannot be resolved yet is kept and resolved again later.
 */
export class TargetAssignment {
  readonly #admin: Admin;
  readonly #topics: readonly string[];
  readonly #logger: Logger;
  readonly #names = new Map<string, string>();
  #assignment: Assignment = [];
  #unresolved = false;

  constructor(admin: Admin, topics: readonly string[], logger: Logger) {
    this.#admin = admin;
    this.#topics = topics;
    this.#logger = logger;
  }

  set(assignment: Assignment): void {
    this.#assignment = assignment;
  }

  /** True while part of the last assignment names a topic id not resolved yet. */
  get unresolved(): boolean {
    return this.#unresolved;
  }

  async resolve(): Promise<KafkaTopicPartition[]> {
    if (this.#assignment.some(({ topicId }) => !this.#names.has(topicId))) await this.#loadIds();
    this.#unresolved = false;
    return this.#assignment.flatMap(({ topicId, partitions }) => {
      const topic = this.#names.get(topicId);
      if (topic === undefined) {
        this.#unresolved = true;
        return [];
      }
      return partitions.map((partition) => ({ topic, topicId, partition }));
    });
  }

  async #loadIds(): Promise<void> {
    // One topic at a time: a subscribed topic that does not exist must not hide the others.
    for (const topic of this.#topics) {
      try {
        const metadata = await this.#admin.metadata({ topics: [topic], forceUpdate: true });
        const id = metadata.topics.get(topic)?.id;
        if (id !== undefined) this.#names.set(id, topic);
      } catch (error) {
        this.#logger.warn({ err: error, topic }, 'cannot resolve a subscribed topic yet');
      }
    }
  }
}

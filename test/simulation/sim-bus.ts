import type {
  Consumer,
  MessageBus,
  OutgoingMessage,
  SubscribeOptions,
  TopicPartition,
} from '@bloxtr8/bus';

/** The bus's own default batch bound (message-bus.ts). */
const DEFAULT_MAX_BATCH_SIZE = 50;

import type { Member, SimLog } from './sim-log.ts';

/** What a simulated process meets once it crashed: every call it still makes fails. */
export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

/**
 * One process's client of the simulation log, implementing the `MessageBus` port. Publishing
 * appends at once (acknowledged, as Kafka's acks=all); subscribing joins the group, and the log's
 * driver decides what each member is handed and when. `crash()` is a process dying: its members
 * leave without committing, and every later call fails.
 */
export class SimBus implements MessageBus {
  readonly kind = 'simulated' as const;
  readonly #log: SimLog;
  readonly #name: string;
  readonly #members = new Set<Member>();
  #dead = false;
  #memberCount = 0;

  constructor(log: SimLog, name: string) {
    this.#log = log;
    this.#name = name;
  }

  get isDead(): boolean {
    return this.#dead;
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    this.#assertAlive();
    this.#log.append(messages);
  }

  async subscribe(options: SubscribeOptions): Promise<Consumer> {
    this.#assertAlive();
    this.#memberCount += 1;
    const member = this.#log.join({
      id: `${this.#name}/${options.groupId}/${this.#memberCount}`,
      groupId: options.groupId,
      topics: options.topics,
      handler: options.handler,
      batchHandler: options.batchHandler,
      maxBatchSize: options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
      owner: this.#name,
    });
    this.#members.add(member);
    const leave = () => {
      this.#members.delete(member);
      this.#log.leave(member);
    };
    return {
      memberId: member.id,
      assignments: (): TopicPartition[] => (member.alive ? [...member.assigned] : []),
      stop: async () => {
        // Leaves after the message in flight is handled and committed.
        await member.inFlight?.catch(() => undefined);
        if (member.alive) this.#log.commit(member.groupId);
        leave();
      },
      kill: async () => leave(),
    };
  }

  async close(): Promise<void> {
    for (const member of [...this.#members]) {
      this.#log.leave(member);
      this.#members.delete(member);
    }
  }

  /** The process died: its members leave uncommitted and it can do nothing more. */
  crash(): void {
    this.#dead = true;
    for (const member of [...this.#members]) this.#log.leave(member);
    this.#members.clear();
  }

  #assertAlive(): void {
    if (this.#dead) throw new SimulatedCrash(`${this.#name} has crashed`);
  }
}

import type { Database } from '@bloxtr8/db';
import type { Logger } from '@bloxtr8/platform';
import { newId } from '@bloxtr8/platform';
import type {
  BatchHandler,
  Consumer,
  MessageHandler,
  SubscribeOptions,
  TopicPartition,
} from '../message-bus.ts';
import { DEFAULT_MAX_BATCH_SIZE } from '../message-bus.ts';
import { GROUP_CHANNEL, heartbeatAndClaim, leaveGroup, releaseClaim } from './group-membership.ts';
import { PartitionWorker } from './partition-worker.ts';
import type { Wakeups } from './wakeups.ts';

export interface EmbeddedConsumerOptions {
  readonly heartbeatIntervalMs: number;
  readonly sessionTimeoutMs: number;
  readonly fetchBatchSize: number;
  readonly idlePollMs: number;
  readonly redeliveryDelayMs: number;
}

const partitionId = (tp: TopicPartition) => `${tp.topic}:${tp.partition}`;

/**
 * One member of a consumer group on the embedded log. Each heartbeat (and each membership change
 * announced by another member) recomputes the assignment; partitions this member should no longer
 * own are released once their worker has stopped, and newly free ones are claimed.
 */
export class EmbeddedConsumer implements Consumer {
  readonly memberId: string;
  readonly #db: Database;
  readonly #logger: Logger;
  readonly #wakeups: Wakeups;
  readonly #groupId: string;
  readonly #topics: readonly string[];
  readonly #handler: MessageHandler;
  readonly #batchHandler: BatchHandler | undefined;
  readonly #maxBatchSize: number;
  readonly #options: EmbeddedConsumerOptions;
  readonly #workers = new Map<string, PartitionWorker>();
  readonly #stopping = new AbortController();
  #killed = false;
  #loop: Promise<void> = Promise.resolve();

  constructor(
    deps: { db: Database; logger: Logger; wakeups: Wakeups },
    subscription: SubscribeOptions,
    options: EmbeddedConsumerOptions,
  ) {
    this.#db = deps.db;
    this.#logger = deps.logger;
    this.#wakeups = deps.wakeups;
    this.#groupId = subscription.groupId;
    this.#topics = subscription.topics;
    this.#handler = subscription.handler;
    this.#batchHandler = subscription.batchHandler;
    this.#maxBatchSize = subscription.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    this.#options = options;
    this.memberId = `${subscription.groupId}/${newId()}`;
  }

  /** Joins the group and claims a first share before returning. */
  async start(): Promise<void> {
    await this.#rebalance();
    this.#loop = this.#heartbeatLoop();
  }

  assignments(): TopicPartition[] {
    return [...this.#workers.values()].map((worker) => worker.tp);
  }

  async stop(): Promise<void> {
    if (this.#stopping.signal.aborted) return this.#loop;
    this.#stopping.abort();
    await this.#loop;
    await Promise.all([...this.#workers.values()].map((worker) => worker.stop()));
    this.#workers.clear();
    await leaveGroup(this.#db, this.#groupId, this.memberId);
  }

  async kill(): Promise<void> {
    this.#killed = true;
    this.#stopping.abort();
    this.#workers.clear();
  }

  async #heartbeatLoop(): Promise<void> {
    const key = `${GROUP_CHANNEL}/${this.#groupId}`;
    while (!this.#stopping.signal.aborted) {
      await this.#wakeups.wait(key, this.#options.heartbeatIntervalMs, this.#stopping.signal);
      if (this.#stopping.signal.aborted) return;
      try {
        await this.#rebalance();
      } catch (error) {
        this.#logger.warn({ err: error, groupId: this.#groupId }, 'heartbeat failed; retrying');
      }
    }
  }

  async #rebalance(): Promise<void> {
    const { desired, owned } = await heartbeatAndClaim(
      this.#db,
      { groupId: this.#groupId, memberId: this.memberId, topics: this.#topics },
      this.#options.sessionTimeoutMs,
    );
    if (this.#killed) return;
    const wanted = new Set(desired.map(partitionId));
    const held = new Set(owned.map(partitionId));
    for (const [id, worker] of this.#workers) {
      if (!held.has(id)) {
        // The claim was taken away (this member was presumed dead): stop without releasing.
        this.#workers.delete(id);
        void worker.stop();
      }
    }
    for (const tp of owned) {
      const id = partitionId(tp);
      const worker = this.#workers.get(id);
      if (!wanted.has(id)) {
        // Cooperative hand-over: finish and commit what is in flight, then let go.
        this.#workers.delete(id);
        await worker?.stop();
        await releaseClaim(this.#db, this.#groupId, this.memberId, tp);
      } else if (worker === undefined) {
        this.#workers.set(id, this.#startWorker(tp));
      }
    }
  }

  #startWorker(tp: TopicPartition): PartitionWorker {
    return new PartitionWorker(tp, {
      db: this.#db,
      logger: this.#logger,
      wakeups: this.#wakeups,
      groupId: this.#groupId,
      memberId: this.memberId,
      handler: this.#handler,
      batchHandler: this.#batchHandler,
      maxBatchSize: this.#maxBatchSize,
      fetchBatchSize: this.#options.fetchBatchSize,
      idlePollMs: this.#options.idlePollMs,
      redeliveryDelayMs: this.#options.redeliveryDelayMs,
      isKilled: () => this.#killed,
    });
  }
}

import type { Logger } from '@bloxtr8/platform';
import type { BatchHandler, MessageHandler } from '../message-bus.ts';
import type { KafkaTopicPartition } from './group-requests.ts';
import { tpKey } from './group-requests.ts';
import type { OffsetCommitter } from './offset-committer.ts';
import type { PartitionFetcher } from './partition-fetcher.ts';
import { PartitionWorker } from './partition-worker.ts';

export interface OwnedPartitionsDeps {
  readonly handler: MessageHandler;
  readonly batchHandler: BatchHandler | undefined;
  readonly maxBatchSize: number;
  readonly committer: OffsetCommitter;
  readonly fetcher: PartitionFetcher;
  readonly logger: Logger;
  readonly redeliveryDelayMs: number;
  readonly maxBuffered: number;
  readonly startingOffset: (tp: KafkaTopicPartition) => Promise<bigint>;
}

/**
 * The partitions a group member owns, each with its worker, and the three ways to stop owning
 * one: hand it over (finish, commit, let go), lose it (let go at once, commit nothing more), or
 * stop altogether.
 */
export class OwnedPartitions {
  readonly #deps: OwnedPartitionsDeps;
  readonly #workers = new Map<string, PartitionWorker>();
  /** Workers given up without waiting; a successor of the partition starts after them. */
  readonly #retiring = new Map<string, Promise<void>>();

  constructor(deps: OwnedPartitionsDeps) {
    this.#deps = deps;
  }

  get size(): number {
    return this.#workers.size;
  }

  keys(): string[] {
    return [...this.#workers.keys()];
  }

  has(key: string): boolean {
    return this.#workers.has(key);
  }

  partitions(): KafkaTopicPartition[] {
    return [...this.#workers.values()].map((worker) => worker.tp);
  }

  start(tp: KafkaTopicPartition): void {
    const deps = this.#deps;
    const key = tpKey(tp);
    const worker = new PartitionWorker(tp, {
      handler: deps.handler,
      batchHandler: deps.batchHandler,
      maxBatchSize: deps.maxBatchSize,
      committer: deps.committer,
      logger: deps.logger,
      redeliveryDelayMs: deps.redeliveryDelayMs,
      maxBuffered: deps.maxBuffered,
      startingOffset: () => deps.startingOffset(tp),
      onReady: () => deps.fetcher.wake(),
      previous: this.#retiring.get(key) ?? Promise.resolve(),
    });
    this.#workers.set(key, worker);
    deps.fetcher.add(worker);
  }

  /** Cooperative hand-over: finish the message in flight, commit, then stop owning it. */
  async release(key: string): Promise<void> {
    const worker = this.#workers.get(key);
    if (worker === undefined) return;
    this.#deps.fetcher.remove(key);
    await worker.stop();
    await this.#deps.committer.flush(new Set([key]));
    if (this.#workers.get(key) === worker) this.#workers.delete(key);
  }

  /** Gives every partition up at once, committing nothing more: they already belong to others. */
  loseAll(): void {
    for (const [key, worker] of this.#workers) {
      worker.abandon();
      this.#deps.committer.drop(key);
      this.#deps.fetcher.remove(key);
      this.#retiring.set(key, worker.done);
      void worker.done.then(() => {
        if (this.#retiring.get(key) === worker.done) this.#retiring.delete(key);
      });
    }
    this.#workers.clear();
  }

  /** Graceful stop: every worker finishes its message in flight, then all marks are committed. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.#workers.values()].map((worker) => worker.stop()));
    await this.#deps.committer.flush();
    this.#workers.clear();
  }
}

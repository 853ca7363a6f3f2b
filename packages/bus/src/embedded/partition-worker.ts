import type { Database } from '@bloxtr8/db';
import type { Logger } from '@bloxtr8/platform';
import type {
  BatchHandler,
  IncomingMessage,
  MessageHandler,
  TopicPartition,
} from '../message-bus.ts';
import { APPENDED_CHANNEL, commitOffset, fetchMessages, startingOffset } from './embedded-log.ts';
import type { Wakeups } from './wakeups.ts';

export interface PartitionWorkerDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly wakeups: Wakeups;
  readonly groupId: string;
  readonly memberId: string;
  readonly handler: MessageHandler;
  readonly batchHandler: BatchHandler | undefined;
  readonly maxBatchSize: number;
  readonly fetchBatchSize: number;
  readonly idlePollMs: number;
  readonly redeliveryDelayMs: number;
  /** True once the member was killed: nothing more may be committed. */
  readonly isKilled: () => boolean;
}

/**
 * Consumes one partition for one group member: fetch, handle in offset order, commit after each
 * batch. A failed handler stops the batch; what was handled is committed, the rest is delivered
 * again after a pause. Losing the partition's claim ends the worker without committing.
 */
export class PartitionWorker {
  readonly tp: TopicPartition;
  readonly done: Promise<void>;
  readonly #deps: PartitionWorkerDeps;
  readonly #stop = new AbortController();

  constructor(tp: TopicPartition, deps: PartitionWorkerDeps) {
    this.tp = tp;
    this.#deps = deps;
    this.done = this.#run().catch((error: unknown) => {
      deps.logger.error({ err: error, ...tp }, 'embedded partition worker failed');
    });
  }

  /** Finishes the message in flight, commits, and ends. */
  stop(): Promise<void> {
    this.#stop.abort();
    return this.done;
  }

  #shouldStop(): boolean {
    return this.#stop.signal.aborted || this.#deps.isKilled();
  }

  async #run(): Promise<void> {
    const { db, groupId } = this.#deps;
    let offset = await startingOffset(db, groupId, this.tp);
    while (!this.#shouldStop()) {
      const batch = await fetchMessages(db, this.tp, offset, this.#deps.fetchBatchSize);
      if (batch.length === 0) {
        const key = `${APPENDED_CHANNEL}/${this.tp.topic}:${this.tp.partition}`;
        await this.#deps.wakeups.wait(key, this.#deps.idlePollMs, this.#stop.signal);
        continue;
      }
      const { next, failed } = await this.#handleFetched(batch, offset);
      if (this.#deps.isKilled()) return;
      if (next > offset) {
        const stillOwner = await commitOffset(db, groupId, this.#deps.memberId, this.tp, next);
        if (!stillOwner) return;
        offset = next;
      }
      if (failed) await this.#pause(this.#deps.redeliveryDelayMs);
    }
  }

  /**
   * Handles fetched messages in order until one fails; returns the offset after the last one
   * handled (`from` when none was) and whether it stopped on a failure.
   */
  async #handleFetched(
    messages: readonly IncomingMessage[],
    from: bigint,
  ): Promise<{ next: bigint; failed: boolean }> {
    let next = from;
    for (const chunk of this.#chunks(messages)) {
      if (this.#shouldStop()) break;
      try {
        await this.#handle(chunk);
      } catch (error) {
        this.#deps.logger.warn(
          { err: error, ...this.tp, offset: chunk[0]?.offset.toString() },
          'handler failed; the message will be delivered again',
        );
        return { next, failed: true };
      }
      next = (chunk.at(-1)?.offset ?? next - 1n) + 1n;
    }
    return { next, failed: false };
  }

  /** One message at a time, or consecutive runs of them when the subscriber takes batches. */
  #chunks(messages: readonly IncomingMessage[]): IncomingMessage[][] {
    const size = this.#deps.batchHandler === undefined ? 1 : Math.max(1, this.#deps.maxBatchSize);
    const chunks: IncomingMessage[][] = [];
    for (let start = 0; start < messages.length; start += size)
      chunks.push(messages.slice(start, start + size));
    return chunks;
  }

  async #handle(chunk: readonly IncomingMessage[]): Promise<void> {
    const { batchHandler, handler } = this.#deps;
    if (batchHandler !== undefined) return batchHandler(chunk);
    for (const message of chunk) await handler(message);
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#stop.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}

import type { Logger } from '@bloxtr8/platform';
import { sleep } from '../backoff.ts';
import type { BatchHandler, IncomingMessage, MessageHandler } from '../message-bus.ts';
import type { KafkaTopicPartition } from './group-requests.ts';
import type { OffsetCommitter } from './offset-committer.ts';
import type { FetchedPartition } from './records-to-messages.ts';

export interface PartitionWorkerDeps {
  readonly handler: MessageHandler;
  /** When set, consecutive buffered messages go to it together, at most `maxBatchSize`. */
  readonly batchHandler: BatchHandler | undefined;
  readonly maxBatchSize: number;
  readonly committer: OffsetCommitter;
  readonly logger: Logger;
  readonly redeliveryDelayMs: number;
  readonly maxBuffered: number;
  /** Where consumption starts: the group's committed offset, else the partition's earliest. */
  readonly startingOffset: () => Promise<bigint>;
  /** Tells the fetcher this worker wants data again. */
  readonly onReady: () => void;
  /** Settles when this member's previous worker of the partition has let go of its handler. */
  readonly previous: Promise<void>;
}

const STARTING_OFFSET_RETRY_MS = 500;

/**
 * Consumes one partition for one group member: handles fetched messages strictly one at a time
 * in offset order and marks each offset for commit only after its handler resolved. A rejected
 * handler pauses the partition and gets the same message again after the redelivery delay.
 */
export class PartitionWorker {
  readonly tp: KafkaTopicPartition;
  readonly done: Promise<void>;
  readonly #deps: PartitionWorkerDeps;
  readonly #buffer: IncomingMessage[] = [];
  readonly #halt = new AbortController();
  #state: 'running' | 'stopping' | 'abandoned' = 'running';
  #position: bigint | undefined;
  #fetching = false;
  #arrived: (() => void) | undefined;

  constructor(tp: KafkaTopicPartition, deps: PartitionWorkerDeps) {
    this.tp = tp;
    this.#deps = deps;
    this.done = this.#run().catch((error: unknown) => {
      deps.logger.error({ err: error, ...tp }, 'Kafka partition worker failed');
    });
  }

  /** Finishes the message in flight (its offset is marked for commit) and ends. */
  stop(): Promise<void> {
    if (this.#state === 'running') this.#state = 'stopping';
    this.#halt.abort();
    this.#arrived?.();
    return this.done;
  }

  /** Ends without marking anything more: the partition is no longer this member's. */
  abandon(): void {
    this.#state = 'abandoned';
    this.#halt.abort();
    this.#arrived?.();
  }

  wantsData(): boolean {
    return (
      this.#state === 'running' &&
      this.#position !== undefined &&
      !this.#fetching &&
      this.#buffer.length < this.#deps.maxBuffered
    );
  }

  /** Marks a fetch as under way and says where it starts. */
  beginFetch(): bigint {
    this.#fetching = true;
    return this.#position ?? 0n;
  }

  /** Takes a fetch's result; a result for an offset the worker has moved past is dropped. */
  endFetch(fromOffset: bigint, fetched: FetchedPartition | undefined): void {
    this.#fetching = false;
    if (fetched === undefined || this.#state !== 'running' || fromOffset !== this.#position) return;
    this.#buffer.push(...fetched.messages);
    this.#position = fetched.nextOffset;
    this.#arrived?.();
  }

  /** Moves the fetch position, after the broker said the old one is out of range. */
  resetPosition(offset: bigint): void {
    this.#fetching = false;
    if (this.#state === 'running') this.#position = offset;
  }

  async #run(): Promise<void> {
    await this.#deps.previous;
    this.#position = await this.#findStartingOffset();
    this.#deps.onReady();
    while (this.#state === 'running') {
      const chunk = this.#nextChunk();
      const last = chunk.at(-1);
      if (last === undefined) {
        await new Promise<void>((resolve) => {
          this.#arrived = resolve;
        });
        this.#arrived = undefined;
        continue;
      }
      const handled = await this.#handle(chunk);
      if (this.#isAbandoned()) return;
      if (!handled) {
        await sleep(this.#deps.redeliveryDelayMs, this.#halt.signal);
        continue;
      }
      const wasFull = this.#buffer.length >= this.#deps.maxBuffered;
      this.#buffer.splice(0, chunk.length);
      this.#deps.committer.mark({ tp: this.tp, offset: last.offset + 1n });
      if (wasFull) this.#deps.onReady();
    }
  }

  /** A method, not an inline comparison: the state changes while the handler is awaited. */
  #isAbandoned(): boolean {
    return this.#state === 'abandoned';
  }

  /** The next message, or the buffered run of them when the subscriber takes batches. */
  #nextChunk(): IncomingMessage[] {
    const size = this.#deps.batchHandler === undefined ? 1 : Math.max(1, this.#deps.maxBatchSize);
    return this.#buffer.slice(0, size);
  }

  async #handle(chunk: readonly IncomingMessage[]): Promise<boolean> {
    try {
      if (this.#deps.batchHandler !== undefined) await this.#deps.batchHandler(chunk);
      else for (const message of chunk) await this.#deps.handler(message);
      return true;
    } catch (error) {
      this.#deps.logger.warn(
        { err: error, ...this.tp, offset: chunk[0]?.offset.toString() },
        'handler failed; the message will be delivered again',
      );
      return false;
    }
  }

  async #findStartingOffset(): Promise<bigint | undefined> {
    while (this.#state === 'running') {
      try {
        return await this.#deps.startingOffset();
      } catch (error) {
        this.#deps.logger.warn({ err: error, ...this.tp }, 'cannot read the starting offset yet');
        await sleep(STARTING_OFFSET_RETRY_MS, this.#halt.signal);
      }
    }
    return undefined;
  }
}

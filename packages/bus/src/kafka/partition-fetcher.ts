import type { Logger } from '@bloxtr8/platform';
import type { Admin, Broker, ConnectionPool } from '@platformatic/kafka';
import { FetchIsolationLevels, fetchV17, ListOffsetTimestamps } from '@platformatic/kafka';
import { sleep } from '../backoff.ts';
import { tpKey } from './group-requests.ts';
import type { PartitionWorker } from './partition-worker.ts';
import { recordsToMessages } from './records-to-messages.ts';

export interface PartitionFetcherDeps {
  readonly admin: Admin;
  readonly pool: ConnectionPool;
  readonly logger: Logger;
  readonly maxWaitMs: number;
}

type FetchResponse = fetchV17.FetchResponse;

const MAX_BYTES = 16 * 1024 * 1024;
const PARTITION_MAX_BYTES = 1024 * 1024;
const OFFSET_OUT_OF_RANGE = 1;
/**
 * Partition errors that mean leadership is moving (unknown topic or partition, leader not
 * available, not leader, storage error, fenced or unknown leader epoch, unknown topic id): expected
 * during a broker failover, so they only refresh metadata. Any other is worth a warning.
 */
const LEADERSHIP_ERRORS = new Set([3, 5, 6, 56, 74, 75, 100]);
/** Pause after a failed fetch or a stale leader, and the least time between metadata refreshes. */
const RETRY_MS = 250;

interface Requested {
  readonly worker: PartitionWorker;
  readonly offset: bigint;
}

/**
 * Fetches for one group member's partition workers: one fetch loop per leader broker, each
 * asking for every partition of that broker whose worker wants data, so one long poll serves
 * them all. A loop ends when its broker leads nothing that wants data; `wake` starts it again.
 */
export class PartitionFetcher {
  readonly #deps: PartitionFetcherDeps;
  readonly #workers = new Map<string, PartitionWorker>();
  readonly #loops = new Set<number>();
  readonly #closing = new AbortController();
  #leaders = new Map<string, number>();
  #brokers = new Map<number, Broker>();
  #topicNames = new Map<string, string>();
  #refreshing: Promise<void> | undefined;
  #lastRefreshAt = 0;

  constructor(deps: PartitionFetcherDeps) {
    this.#deps = deps;
  }

  add(worker: PartitionWorker): void {
    this.#workers.set(tpKey(worker.tp), worker);
    this.#topicNames.set(worker.tp.topicId, worker.tp.topic);
  }

  remove(key: string): void {
    this.#workers.delete(key);
  }

  close(): void {
    this.#closing.abort();
    this.#workers.clear();
  }

  /** Starts a fetch loop for every leader with a worker that wants data. */
  wake(): void {
    if (this.#closing.signal.aborted) return;
    let leaderUnknown = false;
    for (const [key, worker] of this.#workers) {
      if (!worker.wantsData()) continue;
      const leader = this.#leaders.get(key);
      if (leader === undefined || !this.#brokers.has(leader)) {
        leaderUnknown = true;
      } else if (!this.#loops.has(leader)) {
        this.#loops.add(leader);
        void this.#loop(leader);
      }
    }
    if (leaderUnknown) void this.#refreshMetadata();
  }

  async #loop(node: number): Promise<void> {
    try {
      while (!this.#closing.signal.aborted) {
        const ready = [...this.#workers].filter(
          ([key, worker]) => worker.wantsData() && this.#leaders.get(key) === node,
        );
        if (ready.length === 0) return;
        const healthy = await this.#fetchFrom(
          node,
          ready.map(([, worker]) => worker),
        );
        if (!healthy) {
          await this.#refreshMetadata();
          await sleep(RETRY_MS, this.#closing.signal);
        }
      }
    } catch (error) {
      this.#deps.logger.error({ err: error, node }, 'Kafka fetch loop failed');
    } finally {
      this.#loops.delete(node);
    }
  }

  /** One fetch from one broker; false when a leader moved or the broker failed. */
  async #fetchFrom(node: number, workers: readonly PartitionWorker[]): Promise<boolean> {
    const requested = new Map<string, Requested>();
    for (const worker of workers) {
      requested.set(tpKey(worker.tp), { worker, offset: worker.beginFetch() });
    }
    let response: FetchResponse | undefined;
    let healthy = true;
    try {
      const broker = this.#brokers.get(node);
      if (broker === undefined) throw new Error(`broker ${node} left the cluster metadata`);
      const connection = await this.#deps.pool.get(broker);
      response = await fetchV17.api.async(
        connection,
        this.#deps.maxWaitMs,
        1,
        MAX_BYTES,
        FetchIsolationLevels.READ_UNCOMMITTED,
        0,
        -1,
        requestedTopics(requested),
        [],
        '',
      );
    } catch (error) {
      // Partition errors arrive as an error that still carries the response.
      response = (error as { response?: FetchResponse }).response;
      if (response === undefined) {
        healthy = false;
        // A fetch cut short by closing the consumer is no failure worth a warning.
        if (!this.#closing.signal.aborted) {
          this.#deps.logger.warn({ err: error, node }, 'Kafka fetch failed');
        }
      }
    }
    if (response !== undefined) healthy = this.#deliver(response, requested);
    for (const { worker, offset } of requested.values()) worker.endFetch(offset, undefined);
    return healthy;
  }

  /** Hands each partition's records to its worker; takes the handled ones out of `requested`. */
  #deliver(response: FetchResponse, requested: Map<string, Requested>): boolean {
    const failed: Array<{ partition: string; errorCode: number }> = [];
    for (const topic of response.responses) {
      const name = this.#topicNames.get(topic.topicId);
      if (name === undefined) continue;
      for (const partition of topic.partitions) {
        const key = tpKey({ topic: name, partition: partition.partitionIndex });
        const entry = requested.get(key);
        if (entry === undefined) continue;
        if (partition.errorCode === 0) {
          requested.delete(key);
          const fetched = recordsToMessages(
            name,
            partition.partitionIndex,
            entry.offset,
            partition.records ?? [],
          );
          entry.worker.endFetch(entry.offset, fetched);
        } else if (partition.errorCode === OFFSET_OUT_OF_RANGE) {
          requested.delete(key);
          void this.#resetToEarliest(entry.worker);
        } else {
          failed.push({ partition: key, errorCode: partition.errorCode });
        }
      }
    }
    if (failed.some(({ errorCode }) => !LEADERSHIP_ERRORS.has(errorCode))) {
      this.#deps.logger.warn({ failed }, 'fetch answered with partition errors; retrying');
    }
    return failed.length === 0;
  }

  /** Restarts a partition at its earliest offset, as `auto.offset.reset=earliest` would. */
  async #resetToEarliest(worker: PartitionWorker): Promise<void> {
    try {
      const earliest = await earliestOffset(this.#deps.admin, worker.tp.topic, worker.tp.partition);
      this.#deps.logger.warn(
        { ...worker.tp, earliest: earliest.toString() },
        'fetch position out of range; restarting at the earliest offset',
      );
      worker.resetPosition(earliest);
    } catch (error) {
      this.#deps.logger.warn({ err: error, ...worker.tp }, 'cannot read the earliest offset');
      await sleep(RETRY_MS, this.#closing.signal);
      worker.endFetch(-1n, undefined);
    }
    this.wake();
  }

  /** Reloads leaders (at most every RETRY_MS), then wakes loops for the new leaders. */
  #refreshMetadata(): Promise<void> {
    this.#refreshing ??= (async () => {
      await sleep(Math.max(0, this.#lastRefreshAt + RETRY_MS - Date.now()), this.#closing.signal);
      try {
        await this.#loadMetadata();
      } catch (error) {
        this.#deps.logger.warn({ err: error }, 'cannot load Kafka metadata; retrying');
      } finally {
        this.#lastRefreshAt = Date.now();
        this.#refreshing = undefined;
      }
      this.wake();
    })();
    return this.#refreshing;
  }

  async #loadMetadata(): Promise<void> {
    const topics = [...new Set([...this.#workers.values()].map((worker) => worker.tp.topic))];
    if (topics.length === 0) return;
    const metadata = await this.#deps.admin.metadata({ topics, forceUpdate: true });
    const leaders = new Map<string, number>();
    for (const [topic, { id, partitions }] of metadata.topics) {
      this.#topicNames.set(id, topic);
      partitions.forEach((partition, index) => {
        if (partition.leader >= 0)
          leaders.set(tpKey({ topic, partition: index }), partition.leader);
      });
    }
    this.#leaders = leaders;
    this.#brokers = new Map(metadata.brokers);
  }
}

function requestedTopics(requested: ReadonlyMap<string, Requested>) {
  const topics = new Map<string, ReturnType<typeof partitionRequest>[]>();
  for (const { worker, offset } of requested.values()) {
    const partitions = topics.get(worker.tp.topicId) ?? [];
    partitions.push(partitionRequest(worker.tp.partition, offset));
    topics.set(worker.tp.topicId, partitions);
  }
  return [...topics].map(([topicId, partitions]) => ({ topicId, partitions }));
}

function partitionRequest(partition: number, fetchOffset: bigint) {
  // Leader epochs -1: no fencing checks. With acks=all and no unclean leader election, the log
  // a consumer reads is never truncated below what it was acknowledged.
  return {
    partition,
    currentLeaderEpoch: -1,
    fetchOffset,
    lastFetchedEpoch: -1,
    partitionMaxBytes: PARTITION_MAX_BYTES,
  };
}

export async function earliestOffset(
  admin: Admin,
  topic: string,
  partition: number,
): Promise<bigint> {
  const [listed] = await admin.listOffsets({
    topics: [
      {
        name: topic,
        partitions: [{ partitionIndex: partition, timestamp: ListOffsetTimestamps.EARLIEST }],
      },
    ],
  });
  const offset = listed?.partitions.find((p) => p.partitionIndex === partition)?.offset;
  if (offset === undefined || offset < 0n) throw new Error(`no earliest offset for ${topic}`);
  return offset;
}

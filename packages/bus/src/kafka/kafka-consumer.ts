import { randomUUID } from 'node:crypto';
import type { Logger } from '@bloxtr8/platform';
import type { Admin, Connection, ConnectionOptions } from '@platformatic/kafka';
import { ConnectionPool } from '@platformatic/kafka';
import { sleep } from '../backoff.ts';
import type { Consumer, SubscribeOptions, TopicPartition } from '../message-bus.ts';
import { DEFAULT_MAX_BATCH_SIZE } from '../message-bus.ts';
import { Alarm } from './alarm.ts';
import { GroupCoordinator } from './group-coordinator.ts';
import type { KafkaTopicPartition, MemberState, OffsetToCommit } from './group-requests.ts';
import {
  commitOffsets,
  committedOffset,
  heartbeat,
  isCoordinatorGone,
  isFenced,
  leaveGroup,
  tpKey,
} from './group-requests.ts';
import type { KafkaBusOptions } from './kafka-options.ts';
import { leaveForPredecessors } from './leave-for-predecessors.ts';
import { OffsetCommitter } from './offset-committer.ts';
import { OwnedPartitions } from './owned-partitions.ts';
import { earliestOffset, PartitionFetcher } from './partition-fetcher.ts';
import { TargetAssignment } from './target-assignment.ts';

export interface KafkaConsumerDeps {
  readonly admin: Admin;
  readonly logger: Logger;
  readonly options: KafkaBusOptions;
  readonly connectionOptions: ConnectionOptions;
  /** Called once the member has left, so the bus forgets it. */
  readonly onClosed: (consumer: KafkaConsumer) => void;
}

const JOIN_RETRY_MS = 500;
/** Heartbeat spacing after a failed heartbeat, so a moved coordinator is found again quickly. */
const RETRY_HEARTBEAT_MS = 1_000;
/** How long a stopping or killed member waits for the coordinator to confirm it left. */
const LEAVE_TIMEOUT_MS = 2_000;

/**
 * One member of a consumer group on the KIP-848 protocol: the broker computes the assignment and
 * sends it in heartbeat responses; the member reports what it owns. A revoked partition is let
 * go of only after its message in flight was handled and its offset committed, and the next
 * heartbeat then tells the coordinator, which hands the partition to another member.
 */
export class KafkaConsumer implements Consumer {
  readonly memberId = randomUUID();
  readonly #deps: KafkaConsumerDeps;
  readonly #subscription: SubscribeOptions;
  readonly #log: Logger;
  readonly #coordinator: GroupCoordinator;
  readonly #fetchPool: ConnectionPool;
  readonly #fetcher: PartitionFetcher;
  readonly #committer: OffsetCommitter;
  readonly #target: TargetAssignment;
  readonly #owned: OwnedPartitions;
  readonly #alarm = new Alarm();
  #memberEpoch = 0;
  #brokerIntervalMs = Number.POSITIVE_INFINITY;
  #lastBeatAt = Date.now();
  #lastBeatFailed = false;
  #phase: 'active' | 'stopping' | 'left' = 'active';
  #killed = false;
  #reconciling: Promise<void> | undefined;
  #reconcileAgain = false;
  #heartbeats: Promise<void> = Promise.resolve();
  #stopped: Promise<void> | undefined;

  constructor(deps: KafkaConsumerDeps, subscription: SubscribeOptions) {
    const { admin, options, connectionOptions, logger } = deps;
    this.#deps = deps;
    this.#subscription = subscription;
    this.#log = logger.child({ consumerGroup: subscription.groupId, memberId: this.memberId });
    this.#coordinator = new GroupCoordinator(
      admin,
      subscription.groupId,
      options.clientId,
      connectionOptions,
    );
    this.#fetchPool = new ConnectionPool(options.clientId, connectionOptions);
    this.#fetcher = new PartitionFetcher({
      admin,
      pool: this.#fetchPool,
      logger: this.#log,
      maxWaitMs: options.fetchMaxWaitMs,
    });
    this.#committer = new OffsetCommitter((offsets) => this.#commit(offsets), this.#log);
    this.#target = new TargetAssignment(admin, subscription.topics, this.#log);
    this.#owned = new OwnedPartitions({
      handler: subscription.handler,
      batchHandler: subscription.batchHandler,
      maxBatchSize: subscription.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
      committer: this.#committer,
      fetcher: this.#fetcher,
      logger: this.#log,
      redeliveryDelayMs: options.redeliveryDelayMs,
      maxBuffered: options.maxBufferedPerPartition,
      startingOffset: (tp) => this.#startingOffset(tp),
    });
  }

  /** Joins the group (the first heartbeat) and keeps heartbeating from then on. */
  async start(): Promise<void> {
    const ledger = this.#deps.options.memberLedger;
    if (ledger !== undefined) {
      const { groupId } = this.#subscription;
      await leaveForPredecessors({
        ledger,
        groupId,
        memberId: this.memberId,
        log: this.#log,
        leave: (memberId) =>
          this.#withCoordinator((connection) =>
            leaveGroup(connection, { groupId, memberId, memberEpoch: -1 }),
          ),
      });
    }
    const deadline = Date.now() + this.#deps.options.sessionTimeoutMs;
    for (;;) {
      const error = await this.#beat();
      if (error === undefined) break;
      if (Date.now() > deadline) {
        await this.#closeClients();
        throw new Error(`cannot join consumer group ${this.#subscription.groupId}`, {
          cause: error,
        });
      }
      await sleep(JOIN_RETRY_MS);
    }
    this.#heartbeats = this.#heartbeatLoop();
  }

  assignments(): TopicPartition[] {
    return this.#owned.partitions().map(({ topic, partition }) => ({ topic, partition }));
  }

  stop(): Promise<void> {
    this.#stopped ??= this.#leaveGracefully();
    return this.#stopped;
  }

  async kill(): Promise<void> {
    if (this.#killed || this.#phase === 'left') return;
    // Nothing below waits for a handler: kill may be called from inside one.
    this.#killed = true;
    this.#committer.kill();
    this.#owned.loseAll();
    this.#fetcher.close();
    this.#alarm.ring();
    await this.#leave();
    await this.#closeClients();
  }

  async #leaveGracefully(): Promise<void> {
    if (this.#killed) return;
    this.#phase = 'stopping';
    await this.#reconciling;
    this.#fetcher.close();
    await this.#owned.stopAll();
    this.#phase = 'left';
    this.#alarm.ring();
    await this.#heartbeats;
    await this.#leave();
    await this.#closeClients();
  }

  async #heartbeatLoop(): Promise<void> {
    while (!this.#hasLeft()) {
      const { heartbeatIntervalMs } = this.#deps.options;
      const intervalMs = Math.min(heartbeatIntervalMs, this.#brokerIntervalMs);
      await this.#alarm.sleep(this.#lastBeatFailed ? RETRY_HEARTBEAT_MS : intervalMs);
      if (this.#hasLeft()) return;
      await this.#beat();
    }
  }

  /** A method, not an inline comparison: kill and stop change these while a loop awaits. */
  #hasLeft(): boolean {
    return this.#phase === 'left' || this.#killed;
  }

  /** One heartbeat; returns the error, if any, after reacting to it. */
  async #beat(): Promise<unknown> {
    try {
      const result = await heartbeat(await this.#coordinator.connection(), {
        ...this.#member(),
        rebalanceTimeoutMs: this.#deps.options.rebalanceTimeoutMs,
        topics: this.#subscription.topics,
        owned: this.#owned.partitions(),
      });
      if (this.#hasLeft()) return undefined;
      this.#lastBeatAt = Date.now();
      this.#lastBeatFailed = false;
      this.#memberEpoch = result.memberEpoch;
      if (result.heartbeatIntervalMs > 0) this.#brokerIntervalMs = result.heartbeatIntervalMs;
      if (result.assignment !== undefined) this.#target.set(result.assignment);
      if (result.assignment !== undefined || this.#target.unresolved) this.#reconcile();
      return undefined;
    } catch (error) {
      if (!this.#killed) this.#onHeartbeatFailure(error);
      return error;
    }
  }

  #onHeartbeatFailure(error: unknown): void {
    this.#lastBeatFailed = true;
    if (isFenced(error)) {
      this.#log.warn({ err: error }, 'fenced by the group coordinator; rejoining');
      this.#owned.loseAll();
      this.#memberEpoch = 0;
      return;
    }
    if (isCoordinatorGone(error)) this.#coordinator.invalidate();
    this.#log.warn({ err: error }, 'heartbeat failed; retrying');
    if (
      this.#owned.size > 0 &&
      Date.now() - this.#lastBeatAt > this.#deps.options.sessionTimeoutMs
    ) {
      // The coordinator has expired this member by now and given its partitions to others.
      this.#log.warn('no heartbeat for a whole session; presuming the partitions lost');
      this.#owned.loseAll();
    }
  }

  #reconcile(): void {
    this.#reconcileAgain = true;
    this.#reconciling ??= this.#runReconcile()
      .catch((error: unknown) =>
        this.#log.error({ err: error }, 'reconciling the assignment failed'),
      )
      .finally(() => {
        this.#reconciling = undefined;
      });
  }

  /** Brings the owned partitions to the target: first lets go of revoked ones, then starts new. */
  async #runReconcile(): Promise<void> {
    while (this.#reconcileAgain && this.#phase === 'active' && !this.#killed) {
      this.#reconcileAgain = false;
      const wanted = new Map((await this.#target.resolve()).map((tp) => [tpKey(tp), tp]));
      const revoked = this.#owned.keys().filter((key) => !wanted.has(key));
      await Promise.all(revoked.map((key) => this.#owned.release(key)));
      if (this.#phase !== 'active' || this.#killed) return;
      const added = [...wanted].filter(([key]) => !this.#owned.has(key));
      for (const [, tp] of added) this.#owned.start(tp);
      this.#fetcher.wake();
      // Tell the coordinator at once, so released partitions reach their next owner quickly.
      if (revoked.length > 0 || added.length > 0) this.#alarm.ring();
    }
  }

  async #startingOffset(tp: KafkaTopicPartition): Promise<bigint> {
    const committed = await this.#withCoordinator((connection) =>
      committedOffset(connection, this.#subscription.groupId, tp),
    );
    return committed ?? earliestOffset(this.#deps.admin, tp.topic, tp.partition);
  }

  #commit(offsets: readonly OffsetToCommit[]): Promise<void> {
    return this.#withCoordinator((connection) =>
      commitOffsets(connection, this.#member(), offsets),
    );
  }

  async #withCoordinator<T>(request: (connection: Connection) => Promise<T>): Promise<T> {
    try {
      return await request(await this.#coordinator.connection());
    } catch (error) {
      if (isCoordinatorGone(error)) this.#coordinator.invalidate();
      throw error;
    }
  }

  #member(): MemberState {
    return {
      groupId: this.#subscription.groupId,
      memberId: this.memberId,
      memberEpoch: this.#memberEpoch,
    };
  }

  async #leave(): Promise<void> {
    const leaving = this.#withCoordinator((connection) => leaveGroup(connection, this.#member()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${LEAVE_TIMEOUT_MS} ms`)),
        LEAVE_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([leaving, timeout]);
    } catch (error) {
      this.#log.warn(
        { err: error },
        'could not leave the group cleanly; the coordinator will expire the member',
      );
    } finally {
      clearTimeout(timer);
      leaving.catch(() => {});
    }
  }

  async #closeClients(): Promise<void> {
    this.#phase = 'left';
    await Promise.allSettled([this.#coordinator.close(), this.#fetchPool.close()]);
    this.#deps.onClosed(this);
  }
}

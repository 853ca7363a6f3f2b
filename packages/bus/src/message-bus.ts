import type { Queryable } from '@bloxtr8/db';

/** A message on its way to a topic. Headers carry trace context (W3C traceparent) and ids. */
export interface OutgoingMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
}

/** A message as a consumer receives it: where it sits in the log, and what it carries. */
export interface IncomingMessage extends OutgoingMessage {
  readonly partition: number;
  readonly offset: bigint;
  /**
   * When the message entered the log: the embedded log's append time; on Kafka the record's
   * timestamp (the producer's create time, unless a topic uses LogAppendTime).
   */
  readonly timestamp: Date;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/**
 * Handles one message. The bus calls it for one partition at a time, in offset order, and commits
 * the offset only after it resolved. If it rejects, nothing is committed and the same message is
 * delivered again after a pause: at-least-once. The consumer runtime (`startConsumer`) wraps
 * business handlers so that only outages reach this point.
 */
export type MessageHandler = (message: IncomingMessage) => Promise<void>;

/** The largest batch a `batchHandler` gets when the subscriber names no size. */
export const DEFAULT_MAX_BATCH_SIZE = 50;

/** Handles consecutive messages of one partition together; see `SubscribeOptions.batchHandler`. */
export type BatchHandler = (messages: readonly IncomingMessage[]) => Promise<void>;

export interface SubscribeOptions {
  /** Consumer group: members of one group share the partitions; each message goes to one. */
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly handler: MessageHandler;
  /**
   * Optional. When set, the bus hands over the consecutive messages of one partition that have
   * already arrived, at most `maxBatchSize` (it never waits to fill a batch), in offset order,
   * and commits after the batch resolved; if it rejects, the whole batch is delivered again.
   * `handler` is then not called. Batches let a consumer pay for one transaction per batch.
   */
  readonly batchHandler?: BatchHandler;
  readonly maxBatchSize?: number;
}

/** One member of a consumer group. A group with no committed offset starts at the earliest one. */
export interface Consumer {
  readonly memberId: string;
  /** The partitions this member currently owns. */
  assignments(): TopicPartition[];
  /** Leaves the group after the message in flight is handled and committed. */
  stop(): Promise<void>;
  /**
   * Leaves at once, as a crashed process would: nothing in flight is committed, so the group
   * delivers it again. For failure tests and emergency shutdown.
   */
  kill(): Promise<void>;
}

/**
 * Lets the embedded log append inside the caller's transaction (the outbox relay's), so that
 * moving rows from an outbox to the log is one atomic step. Brokers outside the database ignore it.
 */
export interface PublishContext {
  readonly transaction?: Queryable;
}

/**
 * The message bus port. Two adapters implement it and pass one conformance suite: the embedded
 * log inside the database, and Apache Kafka.
 */
export interface MessageBus {
  /** `simulated`: the simulator's in-process log (test/simulation), driven step by step. */
  readonly kind: 'embedded' | 'kafka' | 'simulated';
  /**
   * Appends the messages and resolves once the log acknowledged every one (Kafka: acks=all).
   * Messages with the same key keep their order, within a call and across sequential calls.
   */
  publish(messages: readonly OutgoingMessage[], context?: PublishContext): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Consumer>;
  /** Stops every consumer and the producer. */
  close(): Promise<void>;
}

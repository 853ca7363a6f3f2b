import type { Decoded, TopicDefinition } from '@bloxtr8/contracts';
import { decodeEnvelope, ErrorKind } from '@bloxtr8/contracts';
import type { Database, Queryable } from '@bloxtr8/db';
import type { Clock, Logger } from '@bloxtr8/platform';
import { systemClock } from '@bloxtr8/platform';
import type { MessageShape } from '@bufbuild/protobuf';
import type { BackoffPolicy } from './backoff.ts';
import { backoffDelayMs, sleep } from './backoff.ts';
import type { Failure } from './dead-letters.ts';
import { deadLetter } from './dead-letters.ts';
import { createEnvelopeBatchHandler } from './envelope-batch-handler.ts';
import { errorTypeOf, isOutage, isPermanent } from './handler-errors.ts';
import type { Consumer, IncomingMessage, MessageBus, MessageHandler } from './message-bus.ts';
import { assertSchemaName } from './outbox.ts';
import { HEADER, traceIdOf } from './trace-headers.ts';

export interface RetryPolicy extends BackoffPolicy {
  /** Tries in all, the first included, before a transient failure goes to the DLQ. */
  readonly maxAttempts: number;
}

/** SPEC §6: 100 ms doubling to 30 s, five tries. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { initialMs: 100, maxMs: 30_000, maxAttempts: 5 };

export interface HandlerContext {
  /** The transaction the inbox row is written in: the handler's effects must use it. */
  readonly tx: Queryable;
  readonly incoming: IncomingMessage;
  readonly logger: Logger;
}

export type EnvelopeHandler<Topic extends TopicDefinition, Prepared = undefined> = (
  message: Decoded<MessageShape<Topic['envelope']>>,
  context: HandlerContext & { readonly prepared: Prepared },
) => Promise<void>;

/**
 * Work done before the handler's transaction, for calls to outside providers: a transaction must
 * not stay open across a network call. It must be idempotent (provider idempotency keys), since a
 * crash before the transaction commits runs it again on redelivery.
 */
export type Preparer<Topic extends TopicDefinition, Prepared> = (
  message: Decoded<MessageShape<Topic['envelope']>>,
  context: { readonly logger: Logger },
) => Promise<Prepared>;

export interface ConsumerRuntimeOptions<Topic extends TopicDefinition, Prepared = undefined> {
  readonly groupId: string;
  readonly topic: Topic;
  /** The consuming service's schema; its `inbox` table dedupes by event id. */
  readonly inboxSchema: string;
  readonly prepare?: Preparer<Topic, Prepared>;
  readonly handle: EnvelopeHandler<Topic, Prepared>;
  readonly retry?: RetryPolicy;
  readonly clock?: Clock;
  /**
   * Called after a message's transaction committed, e.g. to wake the service's outbox relay so
   * the messages the handler wrote go out now rather than at the relay's next poll.
   */
  readonly onCommitted?: () => void;
  /**
   * Handle the messages already waiting on a partition together, in one transaction (at most
   * `maxMessages`). `handle`, if given, takes the whole batch so it can read and lock what the
   * batch needs at once; otherwise `handle` above runs for each message. If anything in a batch
   * fails, it is rolled back and its messages are handled one at a time with the usual retries
   * and dead-lettering. Not combined with `prepare`: outside calls go one message at a time.
   */
  readonly batch?: {
    readonly maxMessages: number;
    readonly handle?: BatchEnvelopeHandler<Topic>;
  };
}

/** One fresh message of a batch, with where it came from. */
export interface BatchItem<Topic extends TopicDefinition> {
  readonly message: Decoded<MessageShape<Topic['envelope']>>;
  readonly incoming: IncomingMessage;
}

export type BatchEnvelopeHandler<Topic extends TopicDefinition> = (
  items: readonly BatchItem<Topic>[],
  context: { readonly tx: Queryable; readonly logger: Logger },
) => Promise<void>;

export interface ConsumerRuntimeDeps {
  readonly db: Database;
  readonly bus: MessageBus;
  readonly logger: Logger;
}

/**
 * Runs a business handler the way every service needs it: decode the topic's envelope; run the
 * handler in one transaction with an inbox row keyed by event id (a duplicate is skipped and
 * acknowledged); retry transient failures with exponential backoff; send undecodable messages,
 * permanent failures and exhausted retries to `<topic>.dlq` and move on, so a poison message never
 * stops its partition.
 */
export async function startConsumer<Topic extends TopicDefinition, Prepared = undefined>(
  deps: ConsumerRuntimeDeps,
  options: ConsumerRuntimeOptions<Topic, Prepared>,
): Promise<Consumer> {
  const stopping = new AbortController();
  const killed = new AbortController();
  const handler = createEnvelopeHandler(deps, options, {
    stopping: stopping.signal,
    killed: killed.signal,
  });
  const batching = options.prepare === undefined ? options.batch : undefined;
  const consumer = await deps.bus.subscribe({
    groupId: options.groupId,
    topics: [options.topic.name],
    handler,
    ...(batching === undefined
      ? {}
      : {
          batchHandler: createEnvelopeBatchHandler(deps, options, handler),
          maxBatchSize: batching.maxMessages,
        }),
  });
  return {
    memberId: consumer.memberId,
    assignments: () => consumer.assignments(),
    async stop() {
      stopping.abort();
      await consumer.stop();
    },
    async kill() {
      killed.abort();
      stopping.abort();
      await consumer.kill();
    },
  };
}

/**
 * How a running handler learns that its consumer is going away. `stopping` interrupts a retry
 * pause; `killed` abandons the message after any outside call, as a crashed process would, so
 * nothing of it is recorded and the group delivers it again.
 */
export interface ConsumerLifecycle {
  readonly stopping: AbortSignal;
  readonly killed?: AbortSignal;
}

/** The bus-level handler behind `startConsumer`, for callers that subscribe themselves. */
export function createEnvelopeHandler<Topic extends TopicDefinition, Prepared = undefined>(
  deps: ConsumerRuntimeDeps,
  options: ConsumerRuntimeOptions<Topic, Prepared>,
  lifecycle: ConsumerLifecycle,
): MessageHandler {
  const { stopping } = lifecycle;
  const schema = assertSchemaName(options.inboxSchema);
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const clock = options.clock ?? systemClock;
  const log = deps.logger.child({ consumerGroup: options.groupId, topic: options.topic.name });

  const sendToDlq = (incoming: IncomingMessage, failure: Failure) =>
    deadLetter(deps.db, deps.bus, options.groupId, incoming, failure, clock.now()).then((id) =>
      log.error(
        {
          deadLetterId: id,
          partition: incoming.partition,
          offset: incoming.offset.toString(),
          ...failure,
        },
        'message sent to the dead-letter queue',
      ),
    );

  const isHandled = async (eventId: string) => {
    const { rows } = await deps.db.query(
      `select 1 from ${schema}.inbox where consumer_group = $1 and event_id = $2`,
      [options.groupId, eventId],
    );
    return rows.length > 0;
  };

  const handleOnce = async (
    decoded: Decoded<MessageShape<Topic['envelope']>>,
    incoming: IncomingMessage,
  ) => {
    const logger = log.child({
      traceId: traceIdOf(incoming.headers) ?? decoded.meta.traceId,
      eventId: decoded.meta.eventId,
      messageType: decoded.kind,
    });
    let prepared = undefined as Prepared;
    if (options.prepare !== undefined) {
      // Skip the outside call for a message already handled; the inbox insert below is the
      // authoritative check.
      if (await isHandled(decoded.meta.eventId)) return;
      prepared = await options.prepare(decoded, { logger });
      if (lifecycle.killed?.aborted === true)
        throw new Error('consumer killed before recording the outcome');
    }
    await deps.db.transaction(async (tx) => {
      const fresh = await tx.query(
        `insert into ${schema}.inbox (consumer_group, event_id, topic, partition, "offset")
         values ($1, $2, $3, $4, $5) on conflict do nothing`,
        [
          options.groupId,
          decoded.meta.eventId,
          incoming.topic,
          incoming.partition,
          incoming.offset,
        ],
      );
      if (fresh.rowCount === 0) return;
      await options.handle(decoded, { tx, incoming, logger, prepared });
    });
    options.onCommitted?.();
  };

  const handleWithRetries = async (
    decoded: Decoded<MessageShape<Topic['envelope']>>,
    incoming: IncomingMessage,
  ) => {
    // Tries that count against the handler's budget; outages of the database only pause.
    let attempt = 0;
    for (let pause = 1; ; pause += 1) {
      try {
        await handleOnce(decoded, incoming);
        return;
      } catch (error) {
        const outage = isOutage(error);
        attempt += outage ? 0 : 1;
        const giveUp = deadLetterKindFor(error, outage, attempt, retry);
        if (giveUp !== undefined) {
          return sendToDlq(incoming, failureOf(error, giveUp, attempt - 1));
        }
        const delayMs = backoffDelayMs(retry, pause);
        log.warn(
          {
            err: error,
            attempt,
            outage,
            delayMs,
            replayedFrom: incoming.headers[HEADER.replayedFrom],
          },
          retryNotice(outage),
        );
        await sleep(delayMs, stopping);
        // Stopping mid-retry: leave the message uncommitted so the group delivers it again.
        if (stopping.aborted) throw new Error('consumer stopping during a retry');
      }
    }
  };

  const handler: MessageHandler = async (incoming) => {
    const decoded = decodeEnvelope(options.topic, incoming.value);
    if (!decoded.ok) {
      await sendToDlq(incoming, {
        kind: ErrorKind.UNDECODABLE,
        errorType: decoded.error.code,
        errorMessage: decoded.error.message,
        retryCount: 0,
      });
      return;
    }
    await handleWithRetries(decoded.value, incoming);
  };

  return handler;
}

/** What the log says while a message waits: the database is away, or the handler failed. */
function retryNotice(outage: boolean): string {
  return outage ? 'database unavailable; waiting for it' : 'handler failed; retrying';
}

/**
 * Why a failed message goes to the DLQ now, or undefined to try it again: a permanent failure at
 * once, a transient one when its retries ran out, a database outage never.
 */
function deadLetterKindFor(
  error: unknown,
  outage: boolean,
  attempt: number,
  retry: RetryPolicy,
): ErrorKind | undefined {
  if (isPermanent(error)) return ErrorKind.PERMANENT;
  if (!outage && attempt >= retry.maxAttempts) return ErrorKind.RETRIES_EXHAUSTED;
  return undefined;
}

function failureOf(error: unknown, kind: ErrorKind, retryCount: number): Failure {
  return {
    kind,
    errorType: errorTypeOf(error),
    errorMessage: error instanceof Error ? error.message : String(error),
    retryCount,
  };
}

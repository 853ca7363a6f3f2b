import type { Database } from '@bloxtr8/db';
import type { Logger } from '@bloxtr8/platform';
import type { BackoffPolicy } from './backoff.ts';
import { backoffDelayMs, sleep } from './backoff.ts';
import type { MessageBus, OutgoingMessage } from './message-bus.ts';
import { assertSchemaName } from './outbox.ts';

export interface OutboxRelayOptions {
  /** The service schema whose outbox is relayed, e.g. `escrow`. */
  readonly schema: string;
  readonly batchSize: number;
  /**
   * Look at the outbox at least this often. Writers in this process `wake` the relay at once;
   * this bounds the delay for rows written by other processes (other replicas).
   */
  readonly idlePollMs: number;
  /** Backoff while the bus or the database fails; the relay retries forever. */
  readonly retry: BackoffPolicy;
  /**
   * False: no background loop; rows move only when the caller calls `drain()`. The simulator
   * drives relays this way so that it, not a timer, decides when each step happens.
   */
  readonly loop?: boolean;
}

export const DEFAULT_RELAY_OPTIONS: Omit<OutboxRelayOptions, 'schema'> = {
  batchSize: 500,
  idlePollMs: 50,
  retry: { initialMs: 100, maxMs: 30_000 },
};

/** Arbitrary but fixed first key of the relay's advisory lock; the second is the schema's hash. */
const RELAY_LOCK_CLASS = 0x0b0c;

interface OutboxRow {
  id: bigint;
  topic: string;
  message_key: string;
  payload: Uint8Array;
  headers: Record<string, string>;
}

export interface OutboxRelay {
  /** Publishes whatever is pending now; resolves with the number of messages relayed. */
  drain(): Promise<number>;
  /** Says new rows were committed: the relay looks now instead of at its next poll. */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Moves one service's outbox to the bus, in id order, and marks rows published only after the
 * bus acknowledged them. The batch runs in one transaction holding an advisory lock, so two relays
 * (two replicas) never publish at the same time and never reorder a key; the one that does not
 * get the lock waits its turn. On the embedded bus the append joins that transaction: relaying is
 * then exactly-once. On Kafka a crash between acknowledgement and commit republishes the batch,
 * and consumers' inboxes make the duplicates harmless.
 */
export async function startOutboxRelay(
  db: Database,
  bus: MessageBus,
  logger: Logger,
  options: Partial<OutboxRelayOptions> & { schema: string },
): Promise<OutboxRelay> {
  const settings = { ...DEFAULT_RELAY_OPTIONS, ...options };
  const schema = assertSchemaName(settings.schema);
  const log = logger.child({ component: 'outbox-relay', schema });
  const stopping = new AbortController();
  let wake = () => {};

  const relayBatch = (): Promise<number> =>
    db.transaction(async (tx) => {
      // The lock is taken once (a volatile CTE is evaluated once); without it, no rows come back.
      const { rows } = await tx.query<OutboxRow>(
        `with lock as (select pg_try_advisory_xact_lock($2, hashtext($3)) as held)
         select o.id, o.topic, o.message_key, o.payload, o.headers from lock, ${schema}.outbox o
         where lock.held and o.published_at is null order by o.id limit $1`,
        [settings.batchSize, RELAY_LOCK_CLASS, schema],
      );
      if (rows.length === 0) return 0;
      await bus.publish(rows.map(toMessage), { transaction: tx });
      await tx.query(
        `update ${schema}.outbox set published_at = now() where id = any($1::bigint[])`,
        [rows.map((row) => row.id.toString())],
      );
      return rows.length;
    });

  const drain = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const relayed = await relayBatch();
      total += relayed;
      if (relayed < settings.batchSize) return total;
    }
  };

  const loop = async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      const idle = new Promise<void>((resolve) => {
        wake = resolve;
      });
      try {
        await drain();
        failures = 0;
      } catch (error) {
        failures += 1;
        const delayMs = backoffDelayMs(settings.retry, failures);
        log.warn({ err: error, failures, delayMs }, 'outbox relay failed; retrying');
        await sleep(delayMs, stopping.signal);
        continue;
      }
      await Promise.race([idle, sleep(settings.idlePollMs, stopping.signal)]);
    }
  };
  const running = settings.loop === false ? Promise.resolve() : loop();

  return {
    drain,
    wake: () => wake(),
    async stop() {
      stopping.abort();
      wake();
      await running;
    },
  };
}

function toMessage(row: OutboxRow): OutgoingMessage {
  return { topic: row.topic, key: row.message_key, value: row.payload, headers: row.headers };
}

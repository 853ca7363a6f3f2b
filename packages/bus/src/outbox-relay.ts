import type { Database, Queryable, Unlisten } from '@bloxtr8/db';
import type { Logger } from '@bloxtr8/platform';
import type { BackoffPolicy } from './backoff.ts';
import { backoffDelayMs, sleep } from './backoff.ts';
import type { MessageBus, OutgoingMessage } from './message-bus.ts';
import { assertSchemaName } from './outbox.ts';

export interface OutboxRelayOptions {
  /** The service schema whose outbox is relayed, e.g. `escrow`. */
  readonly schema: string;
  readonly batchSize: number;
  /** Safety net when no notification arrives: look at the outbox at least this often. */
  readonly idlePollMs: number;
  /** Backoff while the bus or the database fails; the relay retries forever. */
  readonly retry: BackoffPolicy;
}

export const DEFAULT_RELAY_OPTIONS: Omit<OutboxRelayOptions, 'schema'> = {
  batchSize: 500,
  idlePollMs: 1_000,
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
  const unlisten: Unlisten = await db.listen('outbox', (payload) => {
    if (payload === schema) wake();
  });

  const relayBatch = (): Promise<number> =>
    db.transaction(async (tx) => {
      if (!(await tryLock(tx, schema))) return 0;
      const { rows } = await tx.query<OutboxRow>(
        `select id, topic, message_key, payload, headers from ${schema}.outbox
         where published_at is null order by id limit $1`,
        [settings.batchSize],
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
  const running = loop();

  return {
    drain,
    async stop() {
      stopping.abort();
      wake();
      await running;
      await unlisten();
    },
  };
}

async function tryLock(tx: Queryable, schema: string): Promise<boolean> {
  const { rows } = await tx.query<{ locked: boolean }>(
    'select pg_try_advisory_xact_lock($1, hashtext($2)) as locked',
    [RELAY_LOCK_CLASS, schema],
  );
  return rows[0]?.locked === true;
}

function toMessage(row: OutboxRow): OutgoingMessage {
  return { topic: row.topic, key: row.message_key, value: row.payload, headers: row.headers };
}

import pg from 'pg';
import type { Database, Queryable, QueryResult, SqlParam, Unlisten } from './database.ts';
import { DatabaseUnavailableError } from './database.ts';

const INT8_OID = 20;
const INT8_ARRAY_OID = 1016;
// pg's typings list only scalar type ids; text[] (1009) has a registered parser all the same.
const TEXT_ARRAY_OID = 1009 as Parameters<typeof pg.types.getTypeParser>[0];

/** int8 as bigint, never a lossy number or a string: amounts in minor units may exceed 2^53. */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => BigInt(value);
    if (oid === INT8_ARRAY_OID) {
      const parseTextArray = pg.types.getTypeParser(TEXT_ARRAY_OID, 'text') as (
        value: string,
      ) => string[];
      return (value: string) => parseTextArray(value).map((item) => BigInt(item));
    }
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as pg.CustomTypesConfig;

export interface PostgresOptions {
  readonly url: string;
  readonly poolMax: number;
  readonly applicationName?: string;
}

type PgQueryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

function queryableOf(client: PgQueryable): Queryable {
  return {
    async query<Row extends object>(text: string, params?: readonly SqlParam[]) {
      const result = await client.query(text, params as unknown[] | undefined);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(script: string) {
      await client.query(script);
    },
  };
}

class PostgresDatabase implements Database {
  readonly dialect = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #queryable: Queryable;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
    this.#queryable = queryableOf(pool);
  }

  query<Row extends object = Record<string, unknown>>(
    text: string,
    params?: readonly SqlParam[],
  ): Promise<QueryResult<Row>> {
    return this.#queryable.query<Row>(text, params);
  }

  exec(script: string): Promise<void> {
    return this.#queryable.exec(script);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(queryableOf(client));
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      // A failed ROLLBACK means the connection is unusable: destroy it rather than reuse it.
      await client.query('ROLLBACK').then(
        () => client.release(),
        (rollbackError: unknown) => client.release(rollbackError as Error),
      );
      throw error;
    }
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<Unlisten> {
    // LISTEN belongs to a session, so it needs its own connection for as long as it lasts.
    const client = await this.#pool.connect();
    const quoted = pg.escapeIdentifier(channel);
    const handler = (message: pg.Notification) => {
      if (message.channel === channel) onNotify(message.payload ?? '');
    };
    client.on('notification', handler);
    await client.query(`LISTEN ${quoted}`);
    return async () => {
      client.off('notification', handler);
      await client.query(`UNLISTEN ${quoted}`).then(
        () => client.release(),
        (error: unknown) => client.release(error as Error),
      );
    };
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** Connects to PostgreSQL and checks the connection, so that a bad URL fails at start, clearly. */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    types: typeParsers,
    application_name: options.applicationName ?? 'bloxtr8',
    connectionTimeoutMillis: 10_000,
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailableError(describeConnectionFailure(options.url, error));
  }
  return new PostgresDatabase(pool);
}

/** One line naming host, port and database (never the password) and what went wrong. */
export function describeConnectionFailure(rawUrl: string, error: unknown): string {
  const url = new URL(rawUrl);
  const where = `${url.hostname}:${url.port || '5432'}/${url.pathname.replace(/^\//, '')}`;
  const code = (error as { code?: string }).code;
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused; is PostgreSQL running there?',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    ETIMEDOUT: 'connection timed out',
    '3D000': 'database does not exist; create it first',
    '28P01': 'password authentication failed',
    '28000': 'access refused for this user',
  };
  const reason =
    (code === undefined ? undefined : reasons[code]) ??
    (error instanceof Error ? error.message : String(error));
  return `cannot open PostgreSQL at ${where}: ${reason}`;
}

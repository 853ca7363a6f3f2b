import { mkdirSync } from 'node:fs';
import type { Transaction } from '@electric-sql/pglite';
import { PGlite, types } from '@electric-sql/pglite';
import { acquireDataDirLock } from './data-dir-lock.ts';
import type { Database, Queryable, QueryResult, SqlParam, Unlisten } from './database.ts';
import { DatabaseUnavailableError } from './database.ts';

/** int8 as bigint, as on PostgreSQL (see postgres-database.ts). */
const parsers = {
  [types.INT8]: (value: string) => BigInt(value),
};

type PgliteQueryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

function queryableOf(client: PgliteQueryable): Queryable {
  return {
    async query<Row extends object>(text: string, params?: readonly SqlParam[]) {
      const result = await client.query<Row>(text, params as unknown[] | undefined);
      return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
    },
    async exec(script: string) {
      await client.exec(script);
    },
  };
}

class PgliteDatabase implements Database {
  readonly dialect = 'pglite' as const;
  readonly #db: PGlite;
  readonly #queryable: Queryable;
  readonly #releaseLock: () => void;

  constructor(db: PGlite, releaseLock: () => void) {
    this.#db = db;
    this.#queryable = queryableOf(db);
    this.#releaseLock = releaseLock;
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

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    // PGlite runs one transaction at a time and queues the others, like a single connection.
    return this.#db.transaction((tx) => work(queryableOf(tx)));
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<Unlisten> {
    const unlisten = await this.#db.listen(channel, onNotify);
    return async () => {
      await unlisten();
    };
  }

  /** The whole database as an uncompressed tarball, loadable by `openPglite({ kind: 'snapshot' })`. */
  snapshot(): Promise<Blob> {
    return this.#db.dumpDataDir('none');
  }

  async close(): Promise<void> {
    try {
      await this.#db.close();
    } finally {
      this.#releaseLock();
    }
  }
}

export type PgliteSource =
  | { readonly kind: 'memory' }
  | { readonly kind: 'directory'; readonly path: string }
  /** A copy of a prepared database (from `dumpDataDir`), loaded into memory: fast for tests. */
  | { readonly kind: 'snapshot'; readonly snapshot: Blob };

/** Opens the embedded database. A data directory is locked so that two processes never share it. */
export async function openPglite(source: PgliteSource): Promise<Database> {
  let releaseLock = () => {};
  let db: PGlite;
  try {
    if (source.kind === 'directory') {
      mkdirSync(source.path, { recursive: true });
      releaseLock = acquireDataDirLock(source.path);
      db = await PGlite.create(source.path, { parsers });
    } else if (source.kind === 'snapshot') {
      db = await PGlite.create({ loadDataDir: source.snapshot, parsers });
    } else {
      db = await PGlite.create({ parsers });
    }
  } catch (error) {
    releaseLock();
    if (error instanceof DatabaseUnavailableError) throw error;
    const where = source.kind === 'directory' ? ` in ${source.path}` : '';
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(`cannot open the embedded database${where}: ${reason}`);
  }
  return new PgliteDatabase(db, releaseLock);
}

/** A snapshot of an open embedded database, to seed others (see `openPglite`). */
export async function snapshotPglite(database: Database): Promise<Blob> {
  if (!(database instanceof PgliteDatabase)) throw new Error('only an embedded database snapshots');
  return database.snapshot();
}

/** A value bound to a `$n` placeholder. int8 columns come back as bigint, and bigint goes in. */
export type SqlParam =
  | string
  | number
  | bigint
  | boolean
  | Date
  | Uint8Array
  | null
  /** A PostgreSQL array; cast it in SQL (`$1::uuid[]`) so both drivers agree on its type. */
  | readonly (string | number | bigint | boolean | null)[]
  | Record<string, unknown>;

export interface QueryResult<Row> {
  readonly rows: Row[];
  /** Rows returned by a SELECT, or rows changed by INSERT/UPDATE/DELETE. */
  readonly rowCount: number;
}

/** What both a database and an open transaction can do. */
export interface Queryable {
  query<Row extends object = Record<string, unknown>>(
    text: string,
    params?: readonly SqlParam[],
  ): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations, test set-up). */
  exec(script: string): Promise<void>;
}

export type DatabaseDialect = 'pglite' | 'postgres';

export type Unlisten = () => Promise<void>;

/**
 * One database, embedded (PGlite) or served (PostgreSQL), with the same SQL and the same types.
 * Both speak PostgreSQL, so services write one set of queries.
 */
export interface Database extends Queryable {
  readonly dialect: DatabaseDialect;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * Transactions do not nest.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Calls `onNotify` for every NOTIFY on `channel` until the returned function is called. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<Unlisten>;
  close(): Promise<void>;
}

/** The database could not be reached or opened; the message is one line an operator can act on. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

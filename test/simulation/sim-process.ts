import type { Database, Queryable, QueryResult, SqlParam } from '@bloxtr8/db';
import { SimBus, SimulatedCrash } from './sim-bus.ts';
import type { SimLog } from './sim-log.ts';

/**
 * Where a process may die: before any statement, before a transaction commits (its work rolls
 * back), or right after it committed (the work stays, the caller never hears of it: the offset
 * is not committed, the outbox row not marked). Every statement and each commit is one point.
 */
export type CrashPointKind = 'statement' | 'before-commit' | 'after-commit';

/**
 * One simulated process: its own database handle and bus client, both of which stop working the
 * moment it crashes. The scheduler arms a crash at the n-th point of the process's next step;
 * everything the process kept in memory goes with it (the world restarts its service anew).
 */
export class SimProcess {
  readonly name: string;
  readonly bus: SimBus;
  readonly db: Database;
  #dead = false;
  #points = 0;
  #crashAt: number | null = null;
  /** Where the last crash struck, for the trace. */
  crashedAt: CrashPointKind | null = null;

  constructor(name: string, db: Database, log: SimLog) {
    this.name = name;
    this.bus = new SimBus(log, name);
    this.db = crashingDatabase(db, (kind) => this.#point(kind));
  }

  get isDead(): boolean {
    return this.#dead;
  }

  /** The process dies at its `at`-th crash point from now on (1 = the very next). */
  armCrash(at: number): void {
    this.#points = 0;
    this.#crashAt = at;
  }

  disarm(): void {
    this.#crashAt = null;
  }

  get isArmed(): boolean {
    return this.#crashAt !== null;
  }

  /** Dies now, between steps: whatever it handled but did not commit is delivered again. */
  crash(kind: CrashPointKind = 'statement'): void {
    if (this.#dead) return;
    this.#dead = true;
    this.crashedAt = kind;
    this.#crashAt = null;
    this.bus.crash();
  }

  #point(kind: CrashPointKind): void {
    if (this.#dead) throw new SimulatedCrash(`${this.name} has crashed`);
    if (this.#crashAt === null) return;
    this.#points += 1;
    if (this.#points < this.#crashAt) return;
    this.crash(kind);
    throw new SimulatedCrash(`${this.name} crashed (${kind})`);
  }
}

function crashingQueryable(inner: Queryable, point: (kind: CrashPointKind) => void): Queryable {
  return {
    async query<Row extends object>(
      text: string,
      params?: readonly SqlParam[],
    ): Promise<QueryResult<Row>> {
      point('statement');
      return inner.query<Row>(text, params);
    },
    async exec(script: string): Promise<void> {
      point('statement');
      await inner.exec(script);
    },
  };
}

/** A `Database` that passes every call through a crash point first. */
function crashingDatabase(inner: Database, point: (kind: CrashPointKind) => void): Database {
  const plain = crashingQueryable(inner, point);
  return {
    dialect: inner.dialect,
    query: plain.query,
    exec: plain.exec,
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      point('statement');
      const result = await inner.transaction(async (tx) => {
        const value = await work(crashingQueryable(tx, point));
        point('before-commit');
        return value;
      });
      point('after-commit');
      return result;
    },
    listen: (channel, onNotify) => inner.listen(channel, onNotify),
    // The database outlives the process; a restarted one opens no new connection.
    close: async () => {},
  };
}

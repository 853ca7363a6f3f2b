import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from './database.ts';

/** One reviewed SQL file from `packages/db/migrations`, applied once, in name order. */
export interface Migration {
  readonly id: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

/** Raised when the database and the migration files disagree; never fixed silently. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

/** Arbitrary but fixed: every process that migrates takes this advisory lock first. */
const MIGRATION_LOCK_KEY = 7_302_118_800;

const BOOKKEEPING = `
  create schema if not exists platform;
  create table if not exists platform.schema_migrations (
    id text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  );
`;

export function loadMigrations(directory: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(directory)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => {
      const sql = readFileSync(`${directory}/${name}`, 'utf8');
      return {
        id: name.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

/**
 * Applies every pending migration in one transaction, so a failure leaves the schema as it was.
 * Concurrent callers (several replicas starting at once) queue on an advisory lock.
 */
export async function migrate(
  database: Database,
  migrations: readonly Migration[] = loadMigrations(),
): Promise<MigrationReport> {
  return database.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [BigInt(MIGRATION_LOCK_KEY)]);
    await tx.exec(BOOKKEEPING);
    const applied = await appliedChecksums(tx);
    assertConsistent(applied, migrations);
    const pending = migrations.filter((migration) => !applied.has(migration.id));
    for (const migration of pending) {
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(`migration ${migration.id} failed: ${reason}`);
      }
      await tx.query('insert into platform.schema_migrations (id, checksum) values ($1, $2)', [
        migration.id,
        migration.checksum,
      ]);
    }
    return { applied: pending.map((m) => m.id), alreadyApplied: applied.size };
  });
}

/** The ids of migrations the code knows and the database has not applied yet. */
export async function pendingMigrations(
  database: Queryable,
  migrations: readonly Migration[] = loadMigrations(),
): Promise<string[]> {
  const exists = await database.query<{ present: boolean }>(
    `select to_regclass('platform.schema_migrations') is not null as present`,
  );
  if (exists.rows[0]?.present !== true) return migrations.map((m) => m.id);
  const applied = await appliedChecksums(database);
  return migrations.filter((m) => !applied.has(m.id)).map((m) => m.id);
}

async function appliedChecksums(database: Queryable): Promise<Map<string, string>> {
  const result = await database.query<{ id: string; checksum: string }>(
    'select id, checksum from platform.schema_migrations order by id',
  );
  return new Map(result.rows.map((row) => [row.id, row.checksum]));
}

function assertConsistent(applied: Map<string, string>, migrations: readonly Migration[]): void {
  const known = new Map(migrations.map((m) => [m.id, m.checksum]));
  for (const [id, checksum] of applied) {
    const expected = known.get(id);
    if (expected === undefined) {
      throw new MigrationError(
        `the database has migration ${id} which this code does not know; is the code older than the database?`,
      );
    }
    if (expected !== checksum) {
      throw new MigrationError(
        `migration ${id} was edited after it was applied; write a new migration instead`,
      );
    }
  }
}

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Database } from '../database.ts';
import { openPglite } from '../pglite-database.ts';
import { openPostgres } from '../postgres-database.ts';
import { postgresUrlFor, TEST_DATABASE_PREFIX } from './postgres-test-databases.ts';
import type { TestEngine } from './test-engines.ts';
import { configuredAdminUrl, defaultTestEngine } from './test-engines.ts';

export interface TestDatabase {
  readonly db: Database;
  readonly engine: TestEngine;
  /** The PostgreSQL URL of this database (PostgreSQL only), for code that opens its own pool. */
  readonly url: string | undefined;
  /** Closes the connection and removes the database. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  readonly poolMax?: number;
  /** False gives an empty database, for tests of the migrations themselves. */
  readonly migrated?: boolean;
}

/** A fresh database, migrated unless asked otherwise, that no other test file sees. */
export async function createTestDatabase(
  engine: TestEngine = defaultTestEngine(),
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  if (engine === 'pglite') {
    const db = migrated
      ? await openPglite({
          kind: 'snapshot',
          snapshot: new Blob([readFileSync(inject('pgliteSnapshotPath'))]),
        })
      : await openPglite({ kind: 'memory' });
    return { db, engine, url: undefined, drop: () => db.close() };
  }
  const adminUrl = configuredAdminUrl();
  const template = inject('postgresTemplate');
  if (adminUrl === undefined || template === null) {
    throw new Error('PostgreSQL tests need DATABASE_URL set before the run starts');
  }
  const name = `${TEST_DATABASE_PREFIX}${Date.now()}_${randomBytes(4).toString('hex')}`;
  await createFromTemplate(adminUrl, name, migrated ? template : 'template0');
  const url = postgresUrlFor(adminUrl, name);
  const db = await openPostgres({ url, poolMax: options.poolMax ?? 10 });
  return {
    db,
    engine,
    url,
    async drop() {
      await db.close();
      const dropper = await openPostgres({ url: adminUrl, poolMax: 1 });
      try {
        await dropper.exec(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.close();
      }
    },
  };
}

/**
 * Gives the calling test file its own database for all its tests: created before the first test,
 * dropped after the last. Returns a getter because the database exists only once hooks ran.
 */
export function useTestDatabase(engine: TestEngine = defaultTestEngine()): () => TestDatabase {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await createTestDatabase(engine);
  }, 60_000);
  afterAll(async () => {
    await current?.drop();
  });
  return () => {
    if (current === undefined) throw new Error('the test database is not ready yet');
    return current;
  };
}

/** PostgreSQL refuses to copy a template while another copy is being made: wait and try again. */
async function createFromTemplate(adminUrl: string, name: string, template: string): Promise<void> {
  const admin = await openPostgres({ url: adminUrl, poolMax: 1 });
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await admin.exec(`create database ${name} template ${template}`);
        return;
      } catch (error) {
        const inUse = (error as { code?: string }).code === '55006';
        if (!inUse || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  } finally {
    await admin.close();
  }
}

import type { Database } from '../database.ts';

export const TEST_DATABASE_PREFIX = 'bloxtr8_t_';

/** Test databases left by a crashed run are dropped once they are this old. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

export function postgresUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function dropStaleTestDatabases(admin: Database): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    'select datname from pg_database where datname like $1',
    [`${TEST_DATABASE_PREFIX}%`],
  );
  const cutoff = Date.now() - STALE_AFTER_MS;
  for (const { datname } of rows) {
    const createdMs = Number(datname.slice(TEST_DATABASE_PREFIX.length).split('_')[0]);
    if (Number.isFinite(createdMs) && createdMs < cutoff) {
      await admin.exec(`drop database if exists ${datname} with (force)`);
    }
  }
}

import type { Database } from '@bloxtr8/db';
import { migrate, openPglite, openPostgres } from '@bloxtr8/db';
import type { PlatformConfig } from '@bloxtr8/platform';

export interface BenchDatabase {
  readonly db: Database;
  /** `PGlite` or `PostgreSQL`, for the report. */
  readonly engine: string;
  /** The database's own URL on PostgreSQL (for pgbench), undefined on PGlite. */
  readonly url: string | undefined;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark run: in-memory PGlite, or a database of its own on
 * the configured PostgreSQL, named like test databases so a crashed run's copy is cleaned up.
 */
export async function openBenchDatabase(
  config: PlatformConfig,
  poolMax = 20,
): Promise<BenchDatabase> {
  if (config.database.kind === 'pglite') {
    const db = await openPglite({ kind: 'memory' });
    await migrate(db);
    return { db, engine: 'PGlite', url: undefined, close: () => db.close() };
  }
  const adminUrl = config.database.url;
  const name = `bloxtr8_t_${Date.now()}_bench`;
  const admin = await openPostgres({ url: adminUrl, poolMax: 1 });
  await admin.exec(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres({ url: url.toString(), poolMax });
  await migrate(db);
  return {
    db,
    engine: 'PostgreSQL',
    url: url.toString(),
    async close() {
      await db.close();
      await admin.exec(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}

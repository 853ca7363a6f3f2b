import type { Database } from '@bloxtr8/db';
import { openDatabase } from '@bloxtr8/db';
import type { PlatformConfig } from '@bloxtr8/platform';
import { loadConfig } from '@bloxtr8/platform';

/** Runs an operator command's work on the configured database, closed afterwards. */
export async function withDatabase<T>(
  applicationName: string,
  work: (db: Database, config: PlatformConfig) => Promise<T>,
): Promise<T> {
  const config = loadConfig(process.env);
  const db = await openDatabase(config.database, { applicationName });
  try {
    return await work(db, config);
  } finally {
    await db.close();
  }
}

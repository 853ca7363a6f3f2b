import { migrate, openDatabase } from '@bloxtr8/db';
import { loadConfig } from '@bloxtr8/platform';

export async function runMigrate(_args: readonly string[]): Promise<number> {
  const config = loadConfig(process.env);
  const db = await openDatabase(config.database, { applicationName: 'bloxtr8-migrate' });
  try {
    const report = await migrate(db);
    const summary =
      report.applied.length === 0
        ? `schema up to date (${report.alreadyApplied} migrations applied earlier)`
        : `applied ${report.applied.join(', ')}`;
    console.log(`bloxtr8: ${summary}`);
    return 0;
  } finally {
    await db.close();
  }
}

import { buildServer } from '@bloxtr8/api';
import { migrate, openDatabase } from '@bloxtr8/db';
import type { PlatformConfig } from '@bloxtr8/platform';
import { createLogger, loadConfig } from '@bloxtr8/platform';

/** How long a graceful stop may take before the process gives up and exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

function describeDatabase(config: PlatformConfig): string {
  if (config.database.kind === 'pglite') return `embedded PGlite in ${config.database.dataDir}`;
  const url = new URL(config.database.url);
  return `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

/** Runs the platform in this one process until SIGINT or SIGTERM. */
export async function runStart(_args: readonly string[]): Promise<number> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, name: 'bloxtr8' });
  const db = await openDatabase(config.database, { applicationName: 'bloxtr8' });
  try {
    const report = await migrate(db);
    if (report.applied.length > 0) logger.info({ applied: report.applied }, 'migrations applied');
  } catch (error) {
    await db.close();
    throw error;
  }

  const app = buildServer({ db, logger });
  const address = await app.listen({ host: config.http.host, port: config.http.port });
  console.error(`bloxtr8: listening on ${address} (database: ${describeDatabase(config)})`);

  const stopped = new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.error(`bloxtr8: ${signal} again, exiting at once`);
        process.exit(1);
      }
      stopping = true;
      console.error(`bloxtr8: ${signal} received, stopping`);
      const forced = setTimeout(() => {
        console.error('bloxtr8: did not stop in time, exiting');
        process.exit(1);
      }, SHUTDOWN_GRACE_MS);
      forced.unref();
      app
        .close()
        .then(() => db.close())
        .then(
          () => resolve(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            resolve(1);
          },
        );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const code = await stopped;
  console.error('bloxtr8: stopped');
  return code;
}

import type { Database } from '@bloxtr8/db';
import { migrate, openPglite, openPostgres } from '@bloxtr8/db';
import { ManualClock } from '@bloxtr8/platform';
import { startStripeDouble } from '@bloxtr8/sandbox/stripe';
import type { SimResources } from './sim-world.ts';

/** A worker's resources on `db` (already migrated): the Stripe double on loopback and a clock. */
export async function openSimResources(
  db: Database,
): Promise<SimResources & { close(): Promise<void> }> {
  const clock = new ManualClock();
  const double = await startStripeDouble({ clock });
  return {
    db,
    clock,
    double,
    stripePort: double.port,
    close: () => double.close(),
  };
}

/**
 * The database of `npm run sim`: a fresh one on PostgreSQL when `databaseUrl` names a server
 * (dropped at the end), else PGlite in memory. Migrated once; every run truncates it.
 */
export async function openSimDatabase(
  databaseUrl: string | undefined,
): Promise<{ db: Database; close(): Promise<void> }> {
  if (databaseUrl === undefined || databaseUrl === '') {
    const db = await openPglite({ kind: 'memory' });
    await migrate(db);
    return { db, close: () => db.close() };
  }
  const name = `bloxtr8_sim_${process.pid}_${Date.now()}`;
  const admin = await openPostgres({ url: databaseUrl, poolMax: 1 });
  await admin.exec(`create database ${name}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres({ url: url.toString(), poolMax: 4 });
  await migrate(db);
  return {
    db,
    async close() {
      await db.close();
      await admin.exec(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}

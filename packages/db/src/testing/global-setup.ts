import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../migrations.ts';
import { openPglite, snapshotPglite } from '../pglite-database.ts';
import { openPostgres } from '../postgres-database.ts';
import {
  dropStaleTestDatabases,
  postgresUrlFor,
  TEST_DATABASE_PREFIX,
} from './postgres-test-databases.ts';
import { configuredAdminUrl } from './test-engines.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite snapshot on disk, loaded by each test file. */
    pgliteSnapshotPath: string;
    /** A migrated PostgreSQL database used as the template for each test file's database. */
    postgresTemplate: string | null;
  }
}

let cleanups: Array<() => Promise<void>> = [];

/** Migrates once per run; every test file then copies the result instead of migrating again. */
export async function setup(project: TestProject): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'bloxtr8-test-'));
  cleanups.push(async () => rmSync(directory, { recursive: true, force: true }));

  const embedded = await openPglite({ kind: 'memory' });
  await migrate(embedded);
  const snapshotPath = join(directory, 'migrated.tar');
  writeFileSync(snapshotPath, new Uint8Array(await (await snapshotPglite(embedded)).arrayBuffer()));
  await embedded.close();
  project.provide('pgliteSnapshotPath', snapshotPath);

  const adminUrl = configuredAdminUrl();
  if (adminUrl === undefined) {
    project.provide('postgresTemplate', null);
    return;
  }
  const admin = await openPostgres({ url: adminUrl, poolMax: 1 });
  await dropStaleTestDatabases(admin);
  const template = `${TEST_DATABASE_PREFIX}${Date.now()}_template_${process.pid}`;
  await admin.exec(`create database ${template}`);
  const templateDb = await openPostgres({ url: postgresUrlFor(adminUrl, template), poolMax: 1 });
  await migrate(templateDb);
  await templateDb.close();
  project.provide('postgresTemplate', template);
  cleanups.push(async () => {
    await admin.exec(`drop database if exists ${template} with (force)`);
    await admin.close();
  });
}

export async function teardown(): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
}

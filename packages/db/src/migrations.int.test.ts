import { describe, expect, it } from 'vitest';
import type { Migration } from './migrations.ts';
import { loadMigrations, MigrationError, migrate, pendingMigrations } from './migrations.ts';
import { availableTestEngines, createTestDatabase } from './testing/index.ts';

describe.each(availableTestEngines())('migrations on %s', (engine) => {
  it('applies every migration once, then nothing, and reports none pending', async () => {
    const test = await createTestDatabase(engine, { migrated: false });
    try {
      const all = loadMigrations();
      expect(await pendingMigrations(test.db)).toEqual(all.map((m) => m.id));
      const first = await migrate(test.db);
      expect(first.applied).toEqual(all.map((m) => m.id));
      const second = await migrate(test.db);
      expect(second).toEqual({ applied: [], alreadyApplied: all.length });
      expect(await pendingMigrations(test.db)).toEqual([]);
    } finally {
      await test.drop();
    }
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    const test = await createTestDatabase(engine);
    try {
      const edited: Migration[] = loadMigrations().map((m, index) =>
        index === 0 ? { ...m, checksum: '0'.repeat(64) } : m,
      );
      await expect(migrate(test.db, edited)).rejects.toThrow(MigrationError);
      await expect(migrate(test.db, edited)).rejects.toThrow(/was edited after it was applied/);
    } finally {
      await test.drop();
    }
  });

  it('leaves the schema untouched when a new migration fails half-way', async () => {
    const test = await createTestDatabase(engine);
    try {
      const broken: Migration = {
        id: '9999_broken',
        sql: 'create table platform.half_done (id int); select no_such_function();',
        checksum: 'x',
      };
      await expect(migrate(test.db, [...loadMigrations(), broken])).rejects.toThrow(
        /migration 9999_broken failed/,
      );
      const { rows } = await test.db.query<{ present: boolean }>(
        `select to_regclass('platform.half_done') is not null as present`,
      );
      expect(rows[0]?.present).toBe(false);
      expect(await pendingMigrations(test.db, [...loadMigrations(), broken])).toEqual([
        '9999_broken',
      ]);
    } finally {
      await test.drop();
    }
  });
});

describe.runIf(availableTestEngines().includes('postgres'))(
  'migrations on a shared PostgreSQL',
  () => {
    it('lets several replicas start at once: each migration is applied exactly once', async () => {
      const test = await createTestDatabase('postgres', { migrated: false, poolMax: 4 });
      try {
        const reports = await Promise.all([migrate(test.db), migrate(test.db), migrate(test.db)]);
        const appliedTotal = reports.reduce((sum, report) => sum + report.applied.length, 0);
        expect(appliedTotal).toBe(loadMigrations().length);
        expect(await pendingMigrations(test.db)).toEqual([]);
      } finally {
        await test.drop();
      }
    });
  },
);

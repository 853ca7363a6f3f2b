import { migrate } from '@bloxtr8/db';
import { createTestDatabase } from '@bloxtr8/db/testing';
import { createLogger } from '@bloxtr8/platform';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../build-server.ts';

const logger = createLogger({ level: 'silent' });

describe('health and readiness over HTTP', () => {
  it('is live at once, ready only when the schema is complete', async () => {
    const test = await createTestDatabase(undefined, { migrated: false });
    const app = await buildServer({ db: test.db, logger });
    try {
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      expect((await fetch(`${base}/health`)).status).toBe(200);

      const notReady = await fetch(`${base}/ready`);
      expect(notReady.status).toBe(503);
      expect(notReady.headers.get('content-type')).toContain('application/problem+json');
      expect(await notReady.json()).toMatchObject({ code: 'MIGRATIONS_PENDING', status: 503 });

      await migrate(test.db);
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(200);
    } finally {
      await app.close();
      await test.drop();
    }
  });

  it('answers 503 DATABASE_UNAVAILABLE when the database is gone', async () => {
    const test = await createTestDatabase();
    const app = await buildServer({ db: test.db, logger });
    try {
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      await test.db.close();
      const response = await fetch(`${base}/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      await app.close();
      await test.drop().catch(() => {});
    }
  });
});

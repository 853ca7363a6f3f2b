import type { Database } from '@bloxtr8/db';
import { pendingMigrations } from '@bloxtr8/db';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from '../problem.ts';

/** Liveness says the process serves requests; readiness says it can do useful work. */
export function registerHealthRoutes(app: FastifyInstance, db: Database): void {
  app.get('/health', async () => ({ status: 'ok' }));

  app.get('/ready', async (_request, reply) => {
    let pending: string[];
    try {
      pending = await pendingMigrations(db);
    } catch (error) {
      return sendProblem(reply, {
        status: 503,
        code: 'DATABASE_UNAVAILABLE',
        title: 'The database cannot be reached',
        detail: error instanceof Error ? error.message : String(error),
      });
    }
    if (pending.length > 0) {
      return sendProblem(reply, {
        status: 503,
        code: 'MIGRATIONS_PENDING',
        title: 'The database schema is not up to date',
        detail: `pending migrations: ${pending.join(', ')}`,
      });
    }
    return { status: 'ready', checks: { database: 'ok', migrations: 'ok' } };
  });
}

import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { TestDatabase } from '@bloxtr8/db/testing';
import { createTestDatabase } from '@bloxtr8/db/testing';
import { createLogger } from '@bloxtr8/platform';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildServer } from './build-server.ts';
import { zodRoutes } from './route-module.ts';

/** Log lines as the process would write them, parsed. */
class CapturedLog extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  }
}

describe('the log of an unexpected failure', () => {
  let test: TestDatabase;
  let app: FastifyInstance;
  const log = new CapturedLog();
  const secret = `value-${randomBytes(12).toString('hex')}`;
  const token = `token-${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    test = await createTestDatabase();
    app = await buildServer({
      db: test.db,
      logger: createLogger({ level: 'info', destination: log }),
      routes: [
        (server) => {
          const routes = zodRoutes(server);
          routes.post(
            '/forced/sql',
            { schema: { body: z.object({ amount: z.string(), token: z.string() }) } },
            // A bug a client can trigger: their text reaches a cast, PostgreSQL quotes it back.
            async (request) => test.db.query('select $1::int as n', [request.body.amount]),
          );
          routes.post('/forced/throw', async (request) => {
            const failure = new Error(`upstream refused ${String(request.headers['x-api-token'])}`);
            Object.assign(failure, { code: 'UPSTREAM', detail: `Key (token)=(${token})` });
            throw new Error('wrapped', { cause: failure });
          });
        },
      ],
    });
  });
  afterAll(async () => {
    await app?.close();
    await test?.drop();
  });

  it('names the request id, the error class and code, never a value of the request', async () => {
    const answer = await app.inject({
      method: 'POST',
      url: '/forced/sql',
      headers: { authorization: `Bot ${token}` },
      payload: { amount: secret, token },
    });
    expect(answer.statusCode).toBe(500);
    expect(answer.json()).toMatchObject({ code: 'INTERNAL' });
    const failure = log.lines.find((line) => line.msg === 'request failed');
    expect(failure).toMatchObject({
      level: 'error',
      requestId: answer.headers['x-request-id'],
      route: '/forced/sql',
      failure: { code: '22P02', class: expect.any(String) },
    });
    const { frames } = (failure?.failure ?? { frames: [] }) as { frames: string[] };
    expect(frames.length).toBeGreaterThan(0);
    expect(log.text).not.toContain(secret);
    expect(log.text).not.toContain(token);
    expect(answer.body).not.toContain(secret);
  });

  it('keeps the causes by class and code only', async () => {
    const answer = await app.inject({
      method: 'POST',
      url: '/forced/throw',
      headers: { 'x-api-token': token },
    });
    expect(answer.statusCode).toBe(500);
    const failure = log.lines.findLast((line) => line.msg === 'request failed');
    expect(failure?.failure).toMatchObject({
      class: 'Error',
      cause: { class: 'Error', code: 'UPSTREAM' },
    });
    expect(log.text).not.toContain(token);
    expect(log.text).not.toContain('wrapped');
  });
});

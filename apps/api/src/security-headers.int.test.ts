import type { TestDatabase } from '@bloxtr8/db/testing';
import { createTestDatabase } from '@bloxtr8/db/testing';
import { createLogger } from '@bloxtr8/platform';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from './build-server.ts';

describe('security headers', () => {
  let test: TestDatabase;
  let app: FastifyInstance;
  let baseUrl: string;
  beforeAll(async () => {
    test = await createTestDatabase();
    app = await buildServer({ db: test.db, logger: createLogger({ level: 'silent' }) });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await test?.drop();
  });

  it.each([
    ['an answer', '/health', 200],
    ['the docs page', '/docs', 200],
    ['a problem', '/no/such/route', 404],
  ])('come with %s', async (_name, path, status) => {
    const answer = await fetch(`${baseUrl}${path}`);
    expect(answer.status).toBe(status);
    const policy = (answer.headers.get('content-security-policy') ?? '').split(';');
    expect(policy).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "script-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
      ]),
    );
    expect(policy.join(';')).not.toMatch(/script-src[^;]*unsafe/);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(answer.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(answer.headers.get('x-powered-by')).toBeNull();
  });
});

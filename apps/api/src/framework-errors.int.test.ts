import { connect } from 'node:net';
import type { TestDatabase } from '@bloxtr8/db/testing';
import { createTestDatabase } from '@bloxtr8/db/testing';
import { createLogger } from '@bloxtr8/platform';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildServer } from './build-server.ts';
import { zodRoutes } from './route-module.ts';

/** Writes bytes as they are to the gateway and reads its whole answer: for what fetch won't send. */
function sendRaw(
  port: number,
  request: string,
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      const type = /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '';
      if (Number.isNaN(status)) reject(new Error(`no HTTP answer: ${answer}`));
      else resolve({ status, type, body });
    });
    socket.write(request);
  });
}

describe('framework-level refusals', () => {
  let test: TestDatabase;
  let app: FastifyInstance;
  let baseUrl: string;
  let port: number;
  beforeAll(async () => {
    test = await createTestDatabase();
    app = await buildServer({
      db: test.db,
      logger: createLogger({ level: 'silent' }),
      routes: [
        (server) =>
          zodRoutes(server).post(
            '/echo/:id',
            { schema: { params: z.object({ id: z.string() }), body: z.object({ a: z.string() }) } },
            async (request) => ({ a: request.body.a }),
          ),
      ],
    });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    port = Number(new URL(baseUrl).port);
  });
  afterAll(async () => {
    await app?.close();
    await test?.drop();
  });

  const post = (path: string, body: string, type = 'application/json') =>
    fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': type }, body });

  it.each([
    [
      'a body over the limit',
      () => post('/echo/1', JSON.stringify({ a: 'x'.repeat(300_000) })),
      413,
      'BODY_TOO_LARGE',
    ],
    ['malformed JSON', () => post('/echo/1', '{"a":'), 400, 'MALFORMED_BODY'],
    ['an empty JSON body', () => post('/echo/1', ''), 400, 'MALFORMED_BODY'],
    [
      'an unsupported media type',
      () => post('/echo/1', 'a=b', 'application/x-www-form-urlencoded'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a path parameter over the length limit',
      () => post(`/echo/${'a'.repeat(101)}`, '{"a":"b"}'),
      414,
      'PATH_PARAMETER_TOO_LONG',
    ],
    ['a malformed URL', () => post('/echo/%zz', '{"a":"b"}'), 400, 'MALFORMED_URL'],
    [
      'an unknown route',
      () => fetch(`${baseUrl}/nowhere?${'q=1&'.repeat(3_000)}`),
      404,
      'NOT_FOUND',
    ],
  ])('answers %s with problem+json and a code', async (_name, send, status, code) => {
    const answer = await send();
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    const problem = await answer.json();
    expect(problem).toMatchObject({ status, code });
    expect(JSON.stringify(problem).length).toBeLessThan(2_000);
  });

  it.each([
    [
      'headers over the size limit',
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
      431,
      'HEADERS_TOO_LARGE',
    ],
    ['a request that is not HTTP', 'HELLO THERE\r\n\r\n', 400, 'MALFORMED_REQUEST'],
    [
      'a control character in a header',
      'GET /health HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n',
      400,
      'MALFORMED_REQUEST',
    ],
  ])('answers %s on the socket with problem+json', async (_name, request, status, code) => {
    const answer = await sendRaw(port, request);
    expect(answer.status).toBe(status);
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ status, code });
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
  });
});

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('logger', () => {
  it('writes JSON lines and never the value of a credential', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const logger = createLogger({ level: 'info', name: 'test', destination: stream });
    logger.info(
      { headers: { authorization: 'Bearer abc', cookie: 'sid=xyz' }, token: 't0k', escrowId: 'e1' },
      'hello',
    );
    await new Promise((resolve) => setImmediate(resolve));
    const line = JSON.parse(lines.join('')) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', service: 'test', msg: 'hello', escrowId: 'e1' });
    expect(JSON.stringify(line)).not.toMatch(/abc|xyz|t0k/);
  });
});

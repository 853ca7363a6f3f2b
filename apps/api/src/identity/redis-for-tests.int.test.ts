import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isRedisAvailableForTests } from './redis-for-tests.ts';

/** A loopback port nothing listens on: bound once, then released. */
async function deadRedisUrl(): Promise<string> {
  const server = createServer();
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
  await new Promise((resolve) => server.close(resolve));
  return `redis://127.0.0.1:${port}`;
}

describe('Redis suites without a Redis', () => {
  it('fail on CI instead of skipping', async () => {
    const url = await deadRedisUrl();
    await expect(isRedisAvailableForTests('a suite', url, { isCi: true })).rejects.toThrow(
      `a suite: CI=true requires Redis at ${url}`,
    );
  });

  it('skip off CI', async () => {
    expect(await isRedisAvailableForTests('a suite', await deadRedisUrl(), { isCi: false })).toBe(
      false,
    );
  });
});

import { randomUUID } from 'node:crypto';
import { Secret } from '@bloxtr8/platform';
import { botHeaders, newDiscordUserId, signUpUser } from '@bloxtr8/test-support/platform';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { RateLimitSettings } from './identity-rate-limit.ts';
import { startIdentityTestServer } from './identity-test-server.ts';
import { isRedisAvailableForTests } from './redis-for-tests.ts';
import { callApi } from './test-browser.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const redisReachable = await isRedisAvailableForTests('rate-limit tests', REDIS_URL, {
  isCi: process.env.CI === 'true',
});

/** Unique per run, so parallel runs never share counters; every key under it is deleted after. */
const keyPrefix = `bloxtr8-test:${randomUUID()}:`;

afterAll(async () => {
  if (!redisReachable) return;
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
});

/** Where the counters live, per test (each test its own Redis namespace). */
type Store = (test: string) => Partial<RateLimitSettings>;
const stores: [string, boolean, Store][] = [
  ['in memory', true, () => ({})],
  [
    'in Redis',
    redisReachable,
    (test) => ({ redisUrl: new Secret(REDIS_URL), keyPrefix: `${keyPrefix}${test}:` }),
  ],
];

async function redisKeys(test: string): Promise<string[]> {
  const redis = new Redis(REDIS_URL);
  try {
    return await redis.keys(`${keyPrefix}${test}:*`);
  } finally {
    redis.disconnect();
  }
}

describe.each(stores)('rate limits %s', (_name, runnable, store) => {
  it.runIf(runnable)(
    'answers 429 problem+json with Retry-After, per user and per address',
    async () => {
      const settings = { perMinute: 3, ...store('per-caller') };
      const server = await startIdentityTestServer({ rateLimit: settings });
      try {
        const [first, second] = [await signUpUser(server.db), await signUpUser(server.db)];
        const me = (discordUserId: string) =>
          callApi(server.baseUrl, 'GET', '/api/me', { headers: botHeaders(discordUserId) });
        for (let call = 1; call <= 3; call += 1) {
          const allowed = await me(first.discordUserId);
          expect(allowed.status).toBe(200);
          expect(allowed.headers.get('x-ratelimit-remaining')).toBe(String(3 - call));
        }
        const limited = await me(first.discordUserId);
        expect(limited.status).toBe(429);
        expect(limited.contentType).toContain('application/problem+json');
        expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
        const retryAfter = Number(limited.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);

        // The bot speaks for many users from one address: each user has their own budget.
        expect((await me(second.discordUserId)).status).toBe(200);

        for (let call = 1; call <= 3; call += 1) {
          expect((await callApi(server.baseUrl, 'GET', '/openapi.json')).status).toBe(200);
        }
        const anonymous = await callApi(server.baseUrl, 'GET', '/openapi.json');
        expect([anonymous.status, anonymous.body.code]).toEqual([429, 'RATE_LIMITED']);
        if (settings.redisUrl !== undefined) {
          expect((await redisKeys('per-caller')).length).toBeGreaterThan(0);
        }
        // Probes are never limited.
        for (let call = 1; call <= 5; call += 1) {
          expect((await callApi(server.baseUrl, 'GET', '/health')).status).toBe(200);
        }
      } finally {
        await server.close();
      }
    },
  );

  it.runIf(runnable)('shuts out an address that keeps presenting forged credentials', async () => {
    const settings = { perMinute: 100, forgedCredentialsPerMinute: 2, ...store('forged') };
    const server = await startIdentityTestServer({ rateLimit: settings });
    try {
      const user = await signUpUser(server.db);
      const me = (headers: Record<string, string>) =>
        callApi(server.baseUrl, 'GET', '/api/me', { headers });
      // A Discord user who has not signed up is no forgery: never counted.
      for (let call = 1; call <= 4; call += 1) {
        expect((await me(botHeaders(newDiscordUserId()))).body.code).toBe('UNKNOWN_USER');
      }
      const forged = { ...botHeaders(user.discordUserId), authorization: 'Bot guessed-token' };
      for (let call = 1; call <= 3; call += 1) {
        expect((await me(forged)).body.code).toBe('BOT_CREDENTIAL_INVALID');
      }
      const shutOut = await me(botHeaders(user.discordUserId));
      expect([shutOut.status, shutOut.body.code]).toEqual([429, 'RATE_LIMITED']);
      expect(Number(shutOut.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await callApi(server.baseUrl, 'GET', '/health')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

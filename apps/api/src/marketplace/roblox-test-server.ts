import type { Database } from '@bloxtr8/db';
import { createRobloxApis, robloxHostsUnder } from '@bloxtr8/marketplace';
import type { ManualClock } from '@bloxtr8/platform';
import { Secret } from '@bloxtr8/platform';
import type { DiscordDouble } from '@bloxtr8/test-support/discord';
import type { TestUser } from '@bloxtr8/test-support/platform';
import { botHeaders } from '@bloxtr8/test-support/platform';
import type { RobloxDouble, RobloxTestUser } from '@bloxtr8/test-support/roblox';
import { linkWithRoblox, startRobloxDouble } from '@bloxtr8/test-support/roblox';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startIdentityTestServer } from '../identity/identity-test-server.ts';
import { robloxCallbackUrl, robloxRoutes } from './roblox-routes.ts';

/** A gateway with identity and Roblox routes on a fresh database, both doubles and a clock. */
export interface RobloxTestServer {
  readonly db: Database;
  readonly app: FastifyInstance;
  readonly baseUrl: string;
  readonly roblox: RobloxDouble;
  readonly discord: DiscordDouble;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

export async function startRobloxTestServer(): Promise<RobloxTestServer> {
  const roblox = await startRobloxDouble();
  const apis = createRobloxApis({
    clientId: roblox.clientId,
    clientSecret: new Secret(roblox.clientSecret),
    hosts: robloxHostsUnder(new URL(roblox.url)),
    redirectUri: robloxCallbackUrl(new URL('http://127.0.0.1')),
    // Short waits keep the retry tests fast; the bounds are the same shape as production's.
    policy: { timeoutMs: 2_000, backoffBaseMs: 10, waitMsMax: 1_000 },
  });
  const server = await startIdentityTestServer({
    routes: (db, clock) => robloxRoutes({ db, roblox: apis, clock }),
  });
  return {
    ...server,
    roblox,
    close: async () => {
      await server.close();
      await roblox.close();
    },
  };
}

/**
 * One server for a test file, closed after it, with the Roblox double reset before each test:
 * `let server: RobloxTestServer; useRobloxTestServer((started) => { server = started; });`
 */
export function useRobloxTestServer(use: (server: RobloxTestServer) => void): void {
  let server: RobloxTestServer | undefined;
  beforeAll(async () => {
    server = await startRobloxTestServer();
    use(server);
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    await server?.roblox.control.reset();
  });
}

/** The user links `account` through the real flow, started by the bot (see linkWithRoblox). */
export function linkAs(server: RobloxTestServer, user: TestUser, account: RobloxTestUser) {
  return linkWithRoblox(server.baseUrl, server.roblox, botHeaders(user.discordUserId), account);
}

import type { Database } from '@bloxtr8/db';
import type { ManualClock } from '@bloxtr8/platform';
import type { DiscordDouble } from '@bloxtr8/sandbox/discord';
import type { RobloxDouble, RobloxTestUser } from '@bloxtr8/sandbox/roblox';
import { linkWithRoblox, startRobloxDouble } from '@bloxtr8/sandbox/roblox';
import type { TestUser } from '@bloxtr8/test-support/platform';
import { botHeaders, testRobloxApis } from '@bloxtr8/test-support/platform';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startIdentityTestServer } from '../identity/identity-test-server.ts';
import { robloxRoutes } from './roblox-routes.ts';

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
  const apis = testRobloxApis(roblox);
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

import type { Database } from '@bloxtr8/db';
import type { TestDatabase } from '@bloxtr8/db/testing';
import { createTestDatabase } from '@bloxtr8/db/testing';
import type { TrustProxy } from '@bloxtr8/platform';
import { createLogger, ManualClock } from '@bloxtr8/platform';
import type { DiscordDouble } from '@bloxtr8/sandbox/discord';
import { startDiscordDouble } from '@bloxtr8/sandbox/discord';
import type { TestIdentityOptions } from '@bloxtr8/test-support/platform';
import { testIdentityGateway } from '@bloxtr8/test-support/platform';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../build-server.ts';
import type { RouteModule } from '../route-module.ts';

/** One gateway with the identity routes on a fresh database, the Discord double and a clock. */
export interface IdentityTestServer {
  readonly db: Database;
  readonly app: FastifyInstance;
  readonly baseUrl: string;
  readonly discord: DiscordDouble;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

export interface IdentityTestServerOptions extends Omit<TestIdentityOptions, 'discord' | 'clock'> {
  /** More routes to serve beside identity's, on the server's database and clock. */
  readonly routes?: (db: Database, clock: ManualClock) => readonly RouteModule[];
  readonly trustProxy?: TrustProxy;
}

export async function startIdentityTestServer(
  options: IdentityTestServerOptions = {},
): Promise<IdentityTestServer> {
  const { routes, trustProxy, ...identityOptions } = options;
  const test: TestDatabase = await createTestDatabase();
  const clock = new ManualClock(new Date());
  const discord = await startDiscordDouble({ clock });
  const identity = testIdentityGateway(test.db, { ...identityOptions, discord, clock });
  const app = await buildServer({
    db: test.db,
    logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    authenticator: identity.authenticator,
    routes: [...identity.routes, ...(routes?.(test.db, clock) ?? [])],
    plugins: identity.plugins,
    ...(trustProxy === undefined ? {} : { trustProxy }),
  });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    db: test.db,
    app,
    baseUrl,
    discord,
    clock,
    close: async () => {
      await app.close();
      await discord.close();
      await test.drop();
    },
  };
}

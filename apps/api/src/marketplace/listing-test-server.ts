import type { Queryable } from '@bloxtr8/db';
import { newRobloxId, newRobloxTestUser, startRobloxDouble } from '@bloxtr8/sandbox/roblox';
import type { TestUser } from '@bloxtr8/test-support/platform';
import {
  ApiCaller,
  botHeaders,
  signInWithDiscord,
  signUpUser,
  testRobloxApis,
} from '@bloxtr8/test-support/platform';
import { afterAll, beforeAll } from 'vitest';
import { startIdentityTestServer } from '../identity/identity-test-server.ts';
import { listingRoutes } from './listing-routes.ts';
import { offerRoutes } from './offer-routes.ts';
import { robloxRoutes } from './roblox-routes.ts';
import type { RobloxTestServer } from './roblox-test-server.ts';
import { linkAs } from './roblox-test-server.ts';

/** The Roblox test server plus listings and offers, with the accept hook under the test's control. */
export interface ListingTestServer extends RobloxTestServer {
  /** What the offer routes call inside the accepting transaction; replace it per test. */
  onAccepted: (tx: Queryable, offerId: string) => Promise<void>;
}

/** A trader as tests drive them: their user, and HTTP calls made as them by the bot. */
export interface Trader {
  readonly user: TestUser;
  readonly api: ApiCaller;
}

export async function startListingTestServer(): Promise<ListingTestServer> {
  const roblox = await startRobloxDouble();
  const apis = testRobloxApis(roblox);
  let server: ListingTestServer | undefined;
  const identity = await startIdentityTestServer({
    routes: (db, clock) => [
      ...robloxRoutes({ db, roblox: apis, clock }),
      listingRoutes({ db, clock, roblox: apis }),
      offerRoutes({
        db,
        clock,
        roblox: apis,
        onAccepted: (tx, offerId) => server?.onAccepted(tx, offerId) ?? Promise.resolve(),
      }),
    ],
  });
  server = {
    ...identity,
    roblox,
    onAccepted: async () => {},
    close: async () => {
      await identity.close();
      await roblox.close();
    },
  };
  return server;
}

/** One server for a test file: `const use = useListingTestServer(); … use().server`. */
export function useListingTestServer(): () => ListingTestServer {
  let server: ListingTestServer | undefined;
  beforeAll(async () => {
    server = await startListingTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (server === undefined) throw new Error('the listing test server has not started');
    return server;
  };
}

export function traderOf(server: ListingTestServer, user: TestUser): Trader {
  return { user, api: new ApiCaller(server.baseUrl, botHeaders(user.discordUserId)) };
}

/** A user who linked a Roblox account through the real flow (now TIER_1) and owns a new game. */
export async function sellerWithGame(
  server: ListingTestServer,
): Promise<Trader & { readonly universeId: string; readonly robloxUserId: string }> {
  const user = await signUpUser(server.db);
  const account = newRobloxTestUser();
  const linked = await linkAs(server, user, account);
  if (linked.status !== 302) throw new Error(`linking answered ${linked.status}`);
  const universeId = await addGame(server, account.id);
  return {
    ...traderOf(server, { ...user, tier: 'TIER_1' }),
    universeId,
    robloxUserId: account.id,
  };
}

/** A new game on the Roblox double, created by the Roblox user `creatorId`. */
export async function addGame(server: ListingTestServer, creatorId: string): Promise<string> {
  const universeId = newRobloxId();
  await server.roblox.control.addUniverse({
    id: universeId,
    creator: { id: creatorId, type: 'User' },
    name: `Game ${universeId}`,
  });
  return universeId;
}

/**
 * A TIER_1 user without a Roblox game, ready to make offers. Staff call from a browser session:
 * through the bot they act as the plain users they also are (ADR 0016).
 */
export async function newBuyer(
  server: ListingTestServer,
  options: { role?: TestUser['role'] } = {},
): Promise<Trader> {
  const user = await signUpUser(server.db, { tier: 'TIER_1', ...options });
  if (user.role === 'USER') return traderOf(server, user);
  const session = await signInWithDiscord(server.baseUrl, server.discord, user);
  return { user, api: new ApiCaller(server.baseUrl, session.headers) };
}

export function listingBody(universeId: string, overrides: Record<string, unknown> = {}) {
  return {
    universeId,
    title: 'Tower of Trials',
    summary: 'A classic obby with 1M visits.',
    priceMinor: 250_000,
    category: 'obby',
    visibility: 'PUBLIC',
    ...overrides,
  };
}

export async function countRows(db: Queryable, table: string): Promise<number> {
  const { rows } = await db.query<{ count: string }>(
    `select count(*)::text as count from ${table}`,
  );
  return Number(rows[0]?.count);
}

export async function auditActions(db: Queryable, subjectId: string): Promise<string[]> {
  const { rows } = await db.query<{ action: string }>(
    'select action from audit.audit_log where subject_id = $1 order by id',
    [subjectId],
  );
  return rows.map((row) => row.action);
}

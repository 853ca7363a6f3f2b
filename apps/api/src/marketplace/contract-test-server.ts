import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '@bloxtr8/db';
import type { FileStore } from '@bloxtr8/marketplace';
import { localFileStore } from '@bloxtr8/marketplace';
import type { AcceptedOffer } from '@bloxtr8/marketplace/testing';
import { insertContractFixture } from '@bloxtr8/marketplace/testing';
import type { ManualClock } from '@bloxtr8/platform';
import type { RobloxDouble } from '@bloxtr8/sandbox/roblox';
import { startRobloxDouble } from '@bloxtr8/sandbox/roblox';
import type { ApiAnswer, TestUser } from '@bloxtr8/test-support/platform';
import {
  ApiCaller,
  botHeaders,
  giveGameTo,
  signInWithDiscord,
  signUpUser,
  testRobloxApis,
} from '@bloxtr8/test-support/platform';
import { afterAll, beforeAll, expect } from 'vitest';
import { startIdentityTestServer } from '../identity/identity-test-server.ts';
import { contractRoutes } from './contract-routes.ts';

/** A gateway with identity and contract routes, a fresh database, a file store and a clock. */
export interface ContractTestServer {
  readonly db: Database;
  readonly baseUrl: string;
  readonly clock: ManualClock;
  readonly files: FileStore;
  /** Where the sellers' games are: the re-check before execution asks it. */
  readonly roblox: RobloxDouble;
  /** How many times the routes said an event waits on the marketplace outbox. */
  readonly committed: { count: number };
  as(user: TestUser): ApiCaller;
  /** Calls as the user from a signed-in browser: how staff act as staff (ADR 0016). */
  signedIn(user: TestUser): Promise<ApiCaller>;
  /**
   * A buyer and a seller (TIER_1) and a contract between them, PENDING_SIGNATURE; the seller's
   * linked Roblox account created the game on the double.
   */
  newContract(amountCents?: bigint): Promise<ContractFixture>;
  close(): Promise<void>;
}

export interface ContractFixture extends AcceptedOffer {
  readonly contractId: string;
  readonly pdfSha256: string;
  readonly buyer: TestUser;
  readonly seller: TestUser;
  readonly sellerRobloxId: string;
}

export async function startContractTestServer(): Promise<ContractTestServer> {
  const directory = mkdtempSync(join(tmpdir(), 'bloxtr8-contracts-'));
  const files = localFileStore(directory);
  const committed = { count: 0 };
  const roblox = await startRobloxDouble();
  const server = await startIdentityTestServer({
    routes: (db, clock) => [
      contractRoutes({
        db,
        clock,
        files,
        roblox: testRobloxApis(roblox),
        onCommitted: () => (committed.count += 1),
      }),
    ],
  });
  const { db, clock } = server;
  return {
    db,
    baseUrl: server.baseUrl,
    clock,
    files,
    roblox,
    committed,
    as: (user) => new ApiCaller(server.baseUrl, botHeaders(user.discordUserId)),
    signedIn: async (user) =>
      new ApiCaller(
        server.baseUrl,
        (await signInWithDiscord(server.baseUrl, server.discord, user)).headers,
      ),
    async newContract(amountCents = 450_000n) {
      const buyer = await signUpUser(db, { tier: 'TIER_1' });
      const seller = await signUpUser(db, { tier: 'TIER_2' });
      const fixture = await insertContractFixture(
        db,
        { files, clock },
        { buyerId: buyer.userId, sellerId: seller.userId, amountCents },
      );
      const sellerRobloxId = await giveGameTo(db, roblox, {
        userId: seller.userId,
        universeId: fixture.universeId,
      });
      return { ...fixture, buyer, seller, sellerRobloxId };
    },
    async close() {
      await server.close();
      await roblox.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The answer is the problem+json refusal with this status and code. */
export function expectProblem(answer: ApiAnswer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
}

/** One server for a test file: `let server!: ContractTestServer; useContractTestServer(…)`. */
export function useContractTestServer(use: (server: ContractTestServer) => void): void {
  let server: ContractTestServer | undefined;
  beforeAll(async () => {
    server = await startContractTestServer();
    use(server);
  });
  afterAll(async () => {
    await server?.close();
  });
}

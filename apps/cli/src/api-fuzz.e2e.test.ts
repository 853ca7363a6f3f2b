import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  HostileRequest,
  OpenApiDocument,
  Operation,
  PathValues,
} from '@bloxtr8/test-support/fuzz';
import {
  hostileRequestArbitrary,
  hostileRequests,
  operationsOf,
  sendAll,
  sendHostile,
} from '@bloxtr8/test-support/fuzz';
import type { SandboxDispute } from '@bloxtr8/test-support/platform';
import {
  disputeInSandbox,
  newDiscordUserId,
  sandboxTrader,
  signInWithDiscord,
} from '@bloxtr8/test-support/platform';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSandboxManifest } from './platform/sandbox-manifest.ts';
import { startCli } from './run-cli.ts';

/** Random requests after the catalogue: a few hundred in `npm test`, more with `npm run fuzz:api`. */
const RANDOM_RUNS = Number(process.env.BLOXTR8_FUZZ_RUNS ?? 300);

/** The real id each path parameter gets while another part of the request is hostile. */
function pathValuesFor(operation: Operation, trade: SandboxDispute, userId: string): PathValues {
  const byPrefix: [string, string][] = [
    ['/api/listings/', trade.listingId],
    ['/api/offers/', trade.offerId],
    ['/api/contracts/', trade.contractId],
    ['/api/escrow/', trade.escrowId],
    ['/api/commands/', trade.disputeCommandId],
    ['/api/admin/users/', userId],
  ];
  const id = byPrefix.find(([prefix]) => operation.path.startsWith(prefix))?.[1];
  return { ...(id === undefined ? {} : { id }), universeId: trade.universeId };
}

/** A browser session must not sign itself out halfway through. */
const isSignOut = (caller: string, request: Pick<HostileRequest, 'url'>) =>
  caller === 'session' && request.url.startsWith('/api/auth/logout');

describe('hostile input against `bloxtr8 start`, driven by /openapi.json', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bloxtr8-fuzz-'));
  const botToken = randomBytes(32).toString('base64url');
  const adminDiscordId = newDiscordUserId();
  let platform: ReturnType<typeof startCli>;
  let gatewayUrl: string;
  let operations: Operation[];
  let callers: Record<string, Record<string, string>>;
  let pathValues: (operation: Operation) => PathValues;

  beforeAll(async () => {
    platform = startCli(['start'], {
      PORT: '0',
      BLOXTR8_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      BOT_API_TOKEN: botToken,
      ADMIN_DISCORD_IDS: adminDiscordId,
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    gatewayUrl = await platform.listening;
    const manifest = await readSandboxManifest(dataDir);
    if (manifest === undefined) throw new Error('the sandbox platform wrote no manifest');
    const trade = await disputeInSandbox(gatewayUrl, manifest.sandboxes, botToken);
    // An admin with a Roblox link, signed in on the web: every route validates what they send.
    await sandboxTrader(gatewayUrl, manifest.sandboxes, botToken, adminDiscordId);
    const session = await signInWithDiscord(
      gatewayUrl,
      { url: manifest.sandboxes.discord ?? '' },
      { discordUserId: adminDiscordId },
    );
    callers = { anonymous: {}, bot: trade.buyer.headers, session: session.headers };
    pathValues = (operation) => pathValuesFor(operation, trade, trade.seller.userId);
    const document = (await (await fetch(`${gatewayUrl}/openapi.json`)).json()) as OpenApiDocument;
    operations = operationsOf(document);
  }, 120_000);
  afterAll(async () => {
    platform?.child.kill('SIGINT');
    await platform?.finished;
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('answers every catalogued hostile request below 500, and with problem+json when refused', async () => {
    expect(operations.length).toBeGreaterThan(40);
    const requests = operations.flatMap((operation) =>
      hostileRequests(operation, pathValues(operation)),
    );
    const failures = await sendAll({ baseUrl: gatewayUrl, callers, requests, skip: isSignOut });
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers random hostile requests the same way', async () => {
    const request = fc
      .constantFrom(...operations)
      .chain((operation) => hostileRequestArbitrary(operation, pathValues(operation)));
    await fc.assert(
      fc.asyncProperty(request, fc.constantFrom(...Object.keys(callers)), async (sent, caller) => {
        fc.pre(!isSignOut(caller, sent));
        const verdict = await sendHostile(gatewayUrl, callers[caller] ?? {}, sent);
        expect(
          verdict.problem,
          `${sent.method} ${sent.url} as ${caller}, ${sent.what}`,
        ).toBeUndefined();
      }),
      { numRuns: RANDOM_RUNS },
    );
  }, 600_000);

  it('is still running and healthy afterwards', async () => {
    expect(platform.child.exitCode).toBeNull();
    expect((await fetch(`${gatewayUrl}/health`)).status).toBe(200);
    expect(platform.output().stdout).not.toContain('"msg":"request failed"');
  });
});

import { readAuditLog } from '@bloxtr8/audit';
import type { TestUser } from '@bloxtr8/test-support/platform';
import { botHeaders, signInWithDiscord, signUpUser } from '@bloxtr8/test-support/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityTestServer } from '../identity/identity-test-server.ts';
import { startIdentityTestServer } from '../identity/identity-test-server.ts';
import { callApi } from '../identity/test-browser.ts';
import { guildMarketplaceRoutes } from './guild-marketplace-routes.ts';

const GUILD = '190000000000000321';
const CHANNELS = {
  'under-5k': '190000000000000401',
  '5k-20k': '190000000000000402',
  '20k-100k': '190000000000000403',
  '100k-plus': '190000000000000404',
};

describe("a Discord server's marketplace channels", () => {
  let server: IdentityTestServer;
  let manager: TestUser;
  beforeAll(async () => {
    server = await startIdentityTestServer({ routes: (db) => [guildMarketplaceRoutes({ db })] });
    manager = await signUpUser(server.db);
  });
  afterAll(async () => {
    await server?.close();
  });

  const path = `/api/guilds/${GUILD}/marketplace`;

  it('are recorded by the bot (idempotently, audited) and read back', async () => {
    expect(
      (await callApi(server.baseUrl, 'GET', path, { headers: botHeaders(manager.discordUserId) }))
        .body,
    ).toMatchObject({
      code: 'MARKETPLACE_NOT_SET_UP',
    });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const saved = await callApi(server.baseUrl, 'PUT', path, {
        headers: botHeaders(manager.discordUserId),
        body: { channels: CHANNELS },
      });
      expect(saved.status).toBe(200);
    }
    const read = await callApi(server.baseUrl, 'GET', path, {
      headers: botHeaders(manager.discordUserId),
    });
    expect(read.body).toEqual({ guildId: GUILD, channels: CHANNELS });
    const audit = await readAuditLog(server.db, { afterId: 0n, subjectId: GUILD, limit: 10 });
    expect(audit.map((entry) => [entry.action, entry.actorId])).toEqual([
      ['discord.marketplace.setup', manager.userId],
      ['discord.marketplace.setup', manager.userId],
    ]);
  });

  it('are refused from a browser session, and without all four channels', async () => {
    const session = await signInWithDiscord(server.baseUrl, server.discord, manager);
    const fromBrowser = await callApi(server.baseUrl, 'PUT', path, {
      headers: session.headers,
      body: { channels: CHANNELS },
    });
    expect([fromBrowser.status, fromBrowser.body.code]).toEqual([401, 'BOT_CREDENTIAL_REQUIRED']);
    const partial = await callApi(server.baseUrl, 'PUT', path, {
      headers: botHeaders(manager.discordUserId),
      body: { channels: { 'under-5k': CHANNELS['under-5k'] } },
    });
    expect([partial.status, partial.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

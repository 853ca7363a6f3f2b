import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, robloxRoutes } from '@bloxtr8/api';
import { createTestDatabase } from '@bloxtr8/db/testing';
import { createLogger, loadConfig } from '@bloxtr8/platform';
import { startDiscordDouble } from '@bloxtr8/sandbox/discord';
import { linkWithRoblox } from '@bloxtr8/sandbox/roblox';
import { botHeaders, signUpUser, testIdentityGateway } from '@bloxtr8/test-support/platform';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRoblox } from './roblox-settings.ts';
import type { SandboxHome } from './sandbox-home.ts';
import { openSandboxHome } from './sandbox-home.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'bloxtr8-roblox-settings-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The sandboxes must not be opened where Roblox is not a sandbox. */
const noSandboxHome = (): Promise<SandboxHome> => {
  throw new Error('opened the sandbox home without a sandbox');
};

describe('the Roblox sandbox of `bloxtr8 start`', () => {
  const logger = createLogger({ level: 'silent' });

  it('links accounts and verifies games through the loopback Roblox double when no app is configured', async () => {
    const test = await createTestDatabase();
    const config = loadConfig({});
    const home = await openSandboxHome(dataDir);
    const roblox = await resolveRoblox(
      config.roblox,
      config.identity.publicUrl,
      logger,
      async () => home,
    );
    // Finishing a link needs the user signed in with Discord in the browser (ADR 0015).
    const discord = await startDiscordDouble();
    const identity = testIdentityGateway(test.db, { discord });
    const app = await buildServer({
      db: test.db,
      logger,
      authenticator: identity.authenticator,
      routes: [...identity.routes, ...robloxRoutes({ db: test.db, roblox: roblox.apis })],
      plugins: identity.plugins,
    });
    try {
      const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
      const sandbox = { url: roblox.robloxSandboxUrl ?? '', control: roblox.robloxSandboxControl };
      if (sandbox.control === undefined) throw new Error('no sandbox control');
      const user = await signUpUser(test.db);
      const account = { id: '55500001', username: 'sandbox_seller' };
      const linked = await linkWithRoblox(
        baseUrl,
        { url: sandbox.url, control: sandbox.control },
        botHeaders(user.discordUserId),
        account,
      );
      expect(linked.status).toBe(302);
      await sandbox.control.addUniverse({
        id: '777001',
        creator: { id: account.id, type: 'User' },
      });
      const verified = await fetch(`${baseUrl}/api/games/777001/verify`, {
        method: 'POST',
        headers: botHeaders(user.discordUserId),
      });
      expect(verified.status).toBe(200);
      const consent = await fetch(`${sandbox.url}/apis/oauth/v1/authorize`);
      expect(await consent.text()).toContain('SANDBOX');
    } finally {
      await app.close();
      await roblox.close();
      await discord.close();
      await home.close();
      await test.drop();
    }
  });

  it('refuses the sandbox when the gateway is public', async () => {
    const sandbox = loadConfig({}).roblox;
    await expect(
      resolveRoblox(sandbox, new URL('https://bloxtr8.example'), logger, noSandboxHome),
    ).rejects.toThrow(/ROBLOX_CLIENT_ID: is required when PUBLIC_URL is not a loopback address/);
  });

  it('uses the configured application without starting a sandbox', async () => {
    const config = loadConfig({ ROBLOX_CLIENT_ID: '1234567', ROBLOX_CLIENT_SECRET: 'secret' });
    const roblox = await resolveRoblox(
      config.roblox,
      config.identity.publicUrl,
      logger,
      noSandboxHome,
    );
    expect([roblox.robloxSandboxUrl, roblox.robloxSandboxControl]).toEqual([undefined, undefined]);
    await roblox.close();
  });
});

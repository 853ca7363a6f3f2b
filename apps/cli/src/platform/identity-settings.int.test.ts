import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '@bloxtr8/api';
import { createTestDatabase } from '@bloxtr8/db/testing';
import { createLogger, loadConfig } from '@bloxtr8/platform';
import { signInWithDiscord, signUpUser } from '@bloxtr8/test-support/platform';
import { describe, expect, it } from 'vitest';
import { resolveIdentity } from './identity-settings.ts';
import { openSandboxHome } from './sandbox-home.ts';

describe('the sign-in sandbox of `bloxtr8 start`', () => {
  it('signs people in through the loopback Discord double when no Discord app is configured', async () => {
    const test = await createTestDatabase();
    const logger = createLogger({ level: 'silent' });
    // The gateway's own address must be the public URL: that is where the sandbox redirects.
    const probe = await buildServer({ db: test.db, logger });
    const port = Number(new URL(await probe.listen({ host: '127.0.0.1', port: 0 })).port);
    await probe.close();
    const config = loadConfig({ PORT: String(port) });
    const dataDir = mkdtempSync(join(tmpdir(), 'bloxtr8-identity-settings-'));
    const home = await openSandboxHome(dataDir);
    const identity = await resolveIdentity(config.identity, logger, async () => home);
    const gateway = identity.gatewayFor(test.db);
    const app = await buildServer({ db: test.db, logger, ...gateway });
    try {
      const baseUrl = await app.listen({ host: '127.0.0.1', port });
      expect(identity.discordSandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const user = await signUpUser(test.db);
      const sandbox = { url: identity.discordSandboxUrl ?? '' };
      const session = await signInWithDiscord(baseUrl, sandbox, user);
      expect(session.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const login = await fetch(`${baseUrl}/api/auth/discord/login`, { redirect: 'manual' });
      const consent = await fetch(login.headers.get('location') ?? '');
      expect(consent.status).toBe(200);
      expect(await consent.text()).toContain('SANDBOX');
    } finally {
      await app.close();
      await identity.close();
      await home.close();
      rmSync(dataDir, { recursive: true, force: true });
      await test.drop();
    }
  });
});

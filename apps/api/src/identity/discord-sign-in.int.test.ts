import { readAuditLog } from '@bloxtr8/audit';
import { createLogger } from '@bloxtr8/platform';
import { signInWithDiscord, signUpUser, testIdentityGateway } from '@bloxtr8/test-support/platform';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../build-server.ts';
import type { IdentityTestServer } from './identity-test-server.ts';
import { startIdentityTestServer } from './identity-test-server.ts';
import { TestBrowser } from './test-browser.ts';

describe('sign-in with Discord', () => {
  let server: IdentityTestServer;
  beforeAll(async () => {
    server = await startIdentityTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    await server.discord.control.reset();
  });

  /** The browser starts a sign-in; returns Discord's consent URL granting as the user. */
  async function startSignIn(browser: TestBrowser, discordUserId: string, redirect = '/') {
    const login = await browser.open(
      `${server.baseUrl}/api/auth/discord/login?redirect=${encodeURIComponent(redirect)}`,
    );
    expect(login.status).toBe(302);
    const authorize = new URL(login.location ?? '');
    authorize.searchParams.set('test_user_id', discordUserId);
    return authorize;
  }

  /** Discord's answer to the consent: the callback URL on our gateway. */
  async function consent(browser: TestBrowser, authorize: URL): Promise<URL> {
    const granted = await browser.open(authorize);
    expect(granted.status).toBe(302);
    const callback = new URL(granted.location ?? '');
    return new URL(`${callback.pathname}${callback.search}`, server.baseUrl);
  }

  it('signs a signed-up user in through the OAuth flow and shows them /api/me', async () => {
    const user = await signUpUser(server.db, { tier: 'TIER_1' });
    const session = await signInWithDiscord(server.baseUrl, server.discord, user);
    const me = await fetch(`${server.baseUrl}/api/me`, { headers: { cookie: session.cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      user: { id: user.userId, discordUserId: user.discordUserId, tier: 'TIER_1', role: 'USER' },
      via: 'session',
      csrfToken: session.csrfToken,
    });
    const audit = await readAuditLog(server.db, { subjectId: user.userId, limit: 10 });
    expect(audit.map((entry) => entry.action)).toContain('identity.session.sign_in');
  });

  it('uses PKCE S256 and the state, sets an HTTP-only Lax session cookie, and redirects home', async () => {
    const user = await signUpUser(server.db, { username: 'old-name' });
    const browser = new TestBrowser();
    const authorize = await startSignIn(browser, user.discordUserId, '/trades?tab=open');
    expect(authorize.origin).toBe(server.discord.url);
    expect(authorize.pathname).toBe('/oauth2/authorize');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toBe('identify');
    expect(authorize.searchParams.get('state')).toBe(browser.cookie('bloxtr8_oauth_state'));
    authorize.searchParams.set('test_username', 'new-name');

    const done = await browser.open(await consent(browser, authorize));
    expect(done.status).toBe(302);
    expect(done.location).toBe('/trades?tab=open');
    const sessionCookie = done.setCookies.find((line) => line.startsWith('bloxtr8_session='));
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/SameSite=Lax/i);
    expect(sessionCookie).toMatch(/Path=\//);
    expect(sessionCookie).not.toMatch(/Secure/i);
    expect(browser.cookie('bloxtr8_oauth_state')).toBeUndefined();
    const me = await browser.open(`${server.baseUrl}/api/me`);
    expect(me.body.user.discordUsername).toBe('new-name');
    const [grant] = await server.discord.control.grants();
    expect(grant?.codeChallenge).toBe(authorize.searchParams.get('code_challenge'));
  });

  it('refuses a callback from another browser than the one that started the sign-in', async () => {
    const user = await signUpUser(server.db);
    const victim = new TestBrowser();
    const attacker = new TestBrowser();
    const callback = await consent(attacker, await startSignIn(attacker, user.discordUserId));
    await startSignIn(victim, user.discordUserId);
    const withOtherState = await victim.open(callback);
    expect(withOtherState.status).toBe(400);
    expect(withOtherState.body.code).toBe('OAUTH_STATE_MISMATCH');
    const withoutCookie = await fetch(callback, { redirect: 'manual' });
    expect(withoutCookie.status).toBe(400);
    expect(((await withoutCookie.json()) as { code: string }).code).toBe('OAUTH_STATE_MISMATCH');
    expect(victim.cookie('bloxtr8_session')).toBeUndefined();
  });

  it('refuses a state used already', async () => {
    const user = await signUpUser(server.db);
    const browser = new TestBrowser();
    const authorize = await startSignIn(browser, user.discordUserId);
    const stateCookie = browser.cookieHeader;
    const callback = await consent(browser, authorize);
    expect((await browser.open(callback)).status).toBe(302);
    const replay = await fetch(callback, { headers: { cookie: stateCookie }, redirect: 'manual' });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { code: string }).code).toBe('OAUTH_STATE_INVALID');
  });

  it('refuses a state older than ten minutes', async () => {
    const user = await signUpUser(server.db);
    const browser = new TestBrowser();
    const authorize = await startSignIn(browser, user.discordUserId);
    server.clock.advanceBy(10 * 60_000);
    const answer = await browser.open(await consent(browser, authorize));
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('OAUTH_STATE_INVALID');
  });

  it('fails when the PKCE verifier does not match the challenge (Discord refuses the code)', async () => {
    const user = await signUpUser(server.db);
    const browser = new TestBrowser();
    const authorize = await startSignIn(browser, user.discordUserId);
    await server.db.query(
      `update identity.oauth_states set code_verifier = $1 where consumed_at is null`,
      ['x'.repeat(43)],
    );
    const answer = await browser.open(await consent(browser, authorize));
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('OAUTH_CODE_REJECTED');
    expect(browser.cookie('bloxtr8_session')).toBeUndefined();
  });

  it('refuses people who have not signed up through the bot (terms consent)', async () => {
    const browser = new TestBrowser();
    const answer = await browser.open(
      await consent(browser, await startSignIn(browser, '424242424242')),
    );
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('SIGNUP_REQUIRED');
    expect(browser.cookie('bloxtr8_session')).toBeUndefined();
  });

  it('says so when the user cancels on Discord, or Discord is down', async () => {
    const user = await signUpUser(server.db);
    const browser = new TestBrowser();
    const denied = await startSignIn(browser, user.discordUserId);
    denied.searchParams.set('deny', '1');
    const cancelled = await browser.open(await consent(browser, denied));
    expect(cancelled.body.code).toBe('OAUTH_DENIED');

    await server.discord.control.failTokenRequests(1);
    const down = await browser.open(
      await consent(browser, await startSignIn(browser, user.discordUserId)),
    );
    expect(down.status).toBe(502);
    expect(down.body.code).toBe('DISCORD_UNAVAILABLE');
  });

  it('answers 502 when Discord refuses our own client credentials (misconfiguration)', async () => {
    const user = await signUpUser(server.db);
    const misconfigured = testIdentityGateway(server.db, {
      discord: { ...server.discord, clientSecret: 'not-the-secret' },
      clock: server.clock,
    });
    const app = await buildServer({
      db: server.db,
      logger: createLogger({ level: 'silent' }),
      ...misconfigured,
    });
    try {
      const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
      const browser = new TestBrowser();
      const login = await browser.open(`${baseUrl}/api/auth/discord/login`);
      const authorize = new URL(login.location ?? '');
      authorize.searchParams.set('test_user_id', user.discordUserId);
      const callback = new URL((await browser.open(authorize)).location ?? '');
      const answer = await browser.open(`${baseUrl}${callback.pathname}${callback.search}`);
      expect([answer.status, answer.body.code]).toEqual([502, 'DISCORD_UNAVAILABLE']);
    } finally {
      await app.close();
    }
  });

  it('never redirects off the site after sign-in', async () => {
    for (const redirect of ['//evil.example', 'https://evil.example/', '/\\evil.example']) {
      const answer = await new TestBrowser().open(
        `${server.baseUrl}/api/auth/discord/login?redirect=${encodeURIComponent(redirect)}`,
      );
      expect(answer.status, redirect).toBe(400);
      expect(answer.body.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('sign-in over https', () => {
  it('uses __Host- cookies with the Secure flag', async () => {
    const server = await startIdentityTestServer({ publicUrl: new URL('https://localhost') });
    try {
      const user = await signUpUser(server.db);
      const browser = new TestBrowser();
      const login = await browser.open(`${server.baseUrl}/api/auth/discord/login`);
      expect(login.setCookies[0]).toMatch(/^__Host-bloxtr8_oauth_state=.*; Secure/i);
      const authorize = new URL(login.location ?? '');
      expect(authorize.searchParams.get('redirect_uri')).toBe(
        'https://localhost/api/auth/discord/callback',
      );
      authorize.searchParams.set('test_user_id', user.discordUserId);
      const granted = await browser.open(authorize);
      const callback = new URL(granted.location ?? '');
      const done = await browser.open(`${server.baseUrl}${callback.pathname}${callback.search}`);
      expect(done.status).toBe(302);
      expect(done.setCookies.find((line) => line.startsWith('__Host-bloxtr8_session='))).toMatch(
        /; Secure/i,
      );
    } finally {
      await server.close();
    }
  });
});

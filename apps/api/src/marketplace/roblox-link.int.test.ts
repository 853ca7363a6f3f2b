import { readAuditLog } from '@bloxtr8/audit';
import {
  consentOnDouble,
  finishInBrowser,
  newRobloxTestUser,
  openCallback,
} from '@bloxtr8/sandbox/roblox';
import type { TestUser } from '@bloxtr8/test-support/platform';
import { botHeaders, signInWithDiscord, signUpUser } from '@bloxtr8/test-support/platform';
import { describe, expect, it } from 'vitest';
import type { RobloxTestServer } from './roblox-test-server.ts';
import { linkAs, useRobloxTestServer } from './roblox-test-server.ts';

describe('linking a Roblox account', () => {
  let server: RobloxTestServer;
  useRobloxTestServer((started) => {
    server = started;
  });

  /** The bot starts linking for the user; returns the authorisation URL it would hand over. */
  async function start(user: TestUser): Promise<string> {
    const answer = await fetch(`${server.baseUrl}/api/link/roblox/start`, {
      headers: botHeaders(user.discordUserId),
    });
    expect(answer.status).toBe(200);
    return ((await answer.json()) as { authorizeUrl: string }).authorizeUrl;
  }

  /** The user's own browser opens the callback, signing in with Discord when asked to. */
  const finishAs = (user: TestUser, callbackPath: string) =>
    finishInBrowser(server.baseUrl, callbackPath, user.discordUserId);

  /** What a refused link must leave behind: nothing. */
  async function expectNothingWritten(user: TestUser, tier = user.tier) {
    const links = await server.db.query(
      'select 1 from identity.linked_accounts where user_id = $1',
      [user.userId],
    );
    const users = await server.db.query<{ kyc_tier: string }>(
      'select kyc_tier from identity.users where id = $1',
      [user.userId],
    );
    const audit = await readAuditLog(server.db, { subjectId: user.userId, limit: 10 });
    expect({
      links: links.rows.length,
      tier: users.rows[0]?.kyc_tier,
      linkAudits: audit.filter((entry) => entry.action === 'identity.roblox.link').length,
    }).toEqual({ links: 0, tier, linkAudits: 0 });
  }

  it('links the account, raises TIER_0 to TIER_1 and audits it, in one go', async () => {
    const user = await signUpUser(server.db);
    const account = newRobloxTestUser();
    const authorizeUrl = await start(user);
    const authorize = new URL(authorizeUrl);
    expect(authorize.pathname).toBe('/apis/oauth/v1/authorize');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toBe('openid profile group:read');
    await server.roblox.control.addUser(account);
    const callback = await consentOnDouble(server.roblox, authorizeUrl, account.id);
    const answer = await finishAs(user, callback);
    expect([answer.status, answer.location]).toEqual([302, '/']);
    const { rows } = await server.db.query<{ provider_account_id: string; kyc_tier: string }>(
      `select l.provider_account_id, u.kyc_tier from identity.linked_accounts l
       join identity.users u on u.id = l.user_id where l.user_id = $1 and l.provider = 'ROBLOX'`,
      [user.userId],
    );
    expect(rows).toEqual([{ provider_account_id: account.id, kyc_tier: 'TIER_1' }]);
    const audit = await readAuditLog(server.db, { subjectId: user.userId, limit: 10 });
    expect(audit.find((entry) => entry.action === 'identity.roblox.link')?.detail).toEqual({
      robloxUserId: account.id,
      tierFrom: 'TIER_0',
      tierTo: 'TIER_1',
    });
  });

  it('redirects a browser session to Roblox and back to where it started', async () => {
    const user = await signUpUser(server.db);
    const session = await signInWithDiscord(server.baseUrl, server.discord, user);
    const started = await fetch(`${server.baseUrl}/api/link/roblox/start?redirect=/sell`, {
      headers: { cookie: session.cookie },
      redirect: 'manual',
    });
    expect(started.status).toBe(302);
    const account = newRobloxTestUser();
    await server.roblox.control.addUser(account);
    const callback = await consentOnDouble(
      server.roblox,
      started.headers.get('location') ?? '',
      account.id,
    );
    const answer = await openCallback(server.baseUrl, callback, { cookie: session.cookie });
    expect([answer.status, answer.location]).toEqual([302, '/sell']);
  });

  it('never lowers a verified seller (TIER_2) when linking', async () => {
    const user = await signUpUser(server.db, { tier: 'TIER_2' });
    const answer = await linkAs(server, user, newRobloxTestUser());
    expect(answer.status).toBe(302);
    const { rows } = await server.db.query<{ kyc_tier: string }>(
      'select kyc_tier from identity.users where id = $1',
      [user.userId],
    );
    expect(rows[0]?.kyc_tier).toBe('TIER_2');
  });

  it('refuses a forged state and writes nothing', async () => {
    const user = await signUpUser(server.db);
    await start(user);
    const answer = await finishAs(user, `/api/link/roblox/callback?code=x&state=${'A'.repeat(43)}`);
    expect([answer.status, answer.body.code]).toEqual([400, 'OAUTH_STATE_INVALID']);
    expect(answer.body.type).toBe('/problems/oauth-state-invalid');
    await expectNothingWritten(user);
  });

  it('refuses a state used a second time', async () => {
    const user = await signUpUser(server.db);
    const first = await linkAs(server, user, newRobloxTestUser());
    expect(first.status).toBe(302);
    const replay = await finishAs(user, first.callbackPath);
    expect([replay.status, replay.body.code]).toEqual([400, 'OAUTH_STATE_INVALID']);
  });

  it('refuses a state older than 10 minutes and writes nothing', async () => {
    const user = await signUpUser(server.db);
    const account = newRobloxTestUser();
    await server.roblox.control.addUser(account);
    const callback = await consentOnDouble(server.roblox, await start(user), account.id);
    server.clock.advanceBy(10 * 60_000 + 1);
    const answer = await finishAs(user, callback);
    expect([answer.status, answer.body.code]).toEqual([400, 'OAUTH_STATE_INVALID']);
    await expectNothingWritten(user);
  });

  it('refuses a Roblox account already linked to another user and writes nothing', async () => {
    const account = newRobloxTestUser();
    const owner = await signUpUser(server.db);
    const ownerLink = await linkAs(server, owner, account);
    expect(ownerLink.status).toBe(302);
    const intruder = await signUpUser(server.db);
    const answer = await linkAs(server, intruder, account);
    expect([answer.status, answer.body.code]).toEqual([409, 'ROBLOX_ACCOUNT_TAKEN']);
    await expectNothingWritten(intruder);
  });

  it('refuses a link finished in a browser signed in as someone else', async () => {
    const victim = await signUpUser(server.db);
    const victimSession = await signInWithDiscord(server.baseUrl, server.discord, victim);
    const attacker = await signUpUser(server.db);
    const account = newRobloxTestUser();
    await server.roblox.control.addUser(account);
    const callback = await consentOnDouble(server.roblox, await start(attacker), account.id);
    const answer = await openCallback(server.baseUrl, callback, { cookie: victimSession.cookie });
    expect([answer.status, answer.body.code]).toEqual([400, 'OAUTH_STATE_MISMATCH']);
    await expectNothingWritten(attacker);
  });

  it('sends a browser without a session to sign in with Discord first, linking nothing yet', async () => {
    const user = await signUpUser(server.db);
    const account = newRobloxTestUser();
    await server.roblox.control.addUser(account);
    const callback = await consentOnDouble(server.roblox, await start(user), account.id);
    const unsigned = await openCallback(server.baseUrl, callback);
    expect(unsigned.status).toBe(302);
    const signIn = new URL(unsigned.location ?? '', server.baseUrl);
    expect([signIn.pathname, signIn.searchParams.get('redirect')]).toEqual([
      '/api/auth/discord/login',
      callback,
    ]);
    await expectNothingWritten(user);
    // Back from signing in as the user who started, the same state still links.
    const finished = await finishAs(user, callback);
    expect([finished.status, finished.location]).toEqual([302, '/']);
  });

  it("never links a victim's Roblox account to the user who started the link and passed it on", async () => {
    const attacker = await signUpUser(server.db);
    const victim = await signUpUser(server.db);
    const victimsRoblox = newRobloxTestUser();
    await server.roblox.control.addUser(victimsRoblox);
    // The attacker has the bot start a link and sends the URL to the victim, who consents on
    // Roblox with their own account; the victim's browser then comes back to us.
    const callback = await consentOnDouble(server.roblox, await start(attacker), victimsRoblox.id);
    const answer = await finishAs(victim, callback);
    expect([answer.status, answer.body.code]).toEqual([400, 'OAUTH_STATE_MISMATCH']);
    await expectNothingWritten(attacker, 'TIER_0');
    await expectNothingWritten(victim, 'TIER_0');
  });

  it('links the same account again to renew the grant, refuses another, and refuses to start without signing in', async () => {
    const user = await signUpUser(server.db);
    const account = newRobloxTestUser();
    await linkAs(server, user, account);
    const grantOf = async () =>
      (
        await server.db.query<{ grant_refresh_token: string | null }>(
          `select grant_refresh_token from identity.linked_accounts
           where user_id = $1 and provider = 'ROBLOX'`,
          [user.userId],
        )
      ).rows[0]?.grant_refresh_token;
    const first = await grantOf();
    expect(first).toEqual(expect.any(String));
    expect((await linkAs(server, user, account)).status).toBe(302);
    expect(await grantOf()).not.toBe(first);
    const other = await linkAs(server, user, newRobloxTestUser());
    expect([other.status, other.body.code]).toEqual([409, 'ROBLOX_ALREADY_LINKED']);
    const anonymous = await fetch(`${server.baseUrl}/api/link/roblox/start`);
    expect(anonymous.status).toBe(401);
  });

  it('answers 502 when Roblox is down and writes nothing', async () => {
    const user = await signUpUser(server.db);
    const account = newRobloxTestUser();
    await server.roblox.control.addUser(account);
    const callback = await consentOnDouble(server.roblox, await start(user), account.id);
    await server.roblox.control.trouble({ failing: 3 });
    const answer = await finishAs(user, callback);
    expect([answer.status, answer.body.code]).toEqual([502, 'ROBLOX_UNAVAILABLE']);
    expect((await server.roblox.control.calls()).userinfo).toBe(3);
    await expectNothingWritten(user);
  });

  it('answers 400 when the user cancels on Roblox', async () => {
    const user = await signUpUser(server.db);
    const authorize = new URL(await start(user));
    authorize.searchParams.set('deny', '1');
    const denied = await fetch(authorize, { redirect: 'manual' });
    const back = new URL(denied.headers.get('location') ?? '');
    const answer = await finishAs(user, `${back.pathname}${back.search}`);
    expect([answer.status, answer.body.code]).toEqual([400, 'OAUTH_DENIED']);
    await expectNothingWritten(user);
  });
});

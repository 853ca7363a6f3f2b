import { readAuditLog } from '@bloxtr8/audit';
import {
  botHeaders,
  newDiscordUserId,
  signUpUser,
  TEST_BOT_TOKEN,
} from '@bloxtr8/test-support/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityTestServer } from './identity-test-server.ts';
import { startIdentityTestServer } from './identity-test-server.ts';
import { callApi } from './test-browser.ts';

describe('the Discord bot credential', () => {
  let server: IdentityTestServer;
  beforeAll(async () => {
    server = await startIdentityTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const me = (headers: Record<string, string>) =>
    callApi(server.baseUrl, 'GET', '/api/me', { headers });
  const expectProblem = (
    answer: Awaited<ReturnType<typeof callApi>>,
    status: number,
    code: string,
  ) => {
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
    expect(answer.contentType).toContain('application/problem+json');
  };

  it('acts for the Discord user named in X-Discord-User-Id', async () => {
    const user = await signUpUser(server.db, { role: 'MODERATOR', tier: 'TIER_2' });
    const answer = await me(botHeaders(user.discordUserId));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      user: { id: user.userId, role: 'MODERATOR', tier: 'TIER_2' },
      via: 'bot',
      csrfToken: null,
    });
  });

  it('is refused from anything that looks like a browser', async () => {
    const user = await signUpUser(server.db);
    for (const browserHeader of [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-dest': 'empty' },
      { 'sec-fetch-user': '?1' },
      { cookie: 'anything=1' },
    ]) {
      expectProblem(
        await me({ ...botHeaders(user.discordUserId), ...browserHeader }),
        403,
        'BOT_CREDENTIAL_FROM_BROWSER',
      );
    }
  });

  it('refuses a wrong token, another scheme, a bad or unknown Discord user', async () => {
    const user = await signUpUser(server.db);
    const headers = botHeaders(user.discordUserId);
    expectProblem(
      await me({ ...headers, authorization: `Bot ${TEST_BOT_TOKEN}x` }),
      401,
      'BOT_CREDENTIAL_INVALID',
    );
    expectProblem(await me({ ...headers, authorization: 'Bot ' }), 401, 'CREDENTIAL_UNSUPPORTED');
    expectProblem(
      await me({ ...headers, authorization: `Bearer ${TEST_BOT_TOKEN}` }),
      401,
      'CREDENTIAL_UNSUPPORTED',
    );
    expectProblem(
      await me({ ...headers, 'x-discord-user-id': 'abc' }),
      400,
      'DISCORD_USER_ID_INVALID',
    );
    expectProblem(
      await me({ authorization: headers.authorization ?? '' }),
      400,
      'DISCORD_USER_ID_INVALID',
    );
    expectProblem(await me(botHeaders(newDiscordUserId())), 401, 'UNKNOWN_USER');
    expectProblem(await me({}), 401, 'UNAUTHENTICATED');
  });

  it('cannot sign out: there is no session', async () => {
    const user = await signUpUser(server.db);
    const answer = await callApi(server.baseUrl, 'POST', '/api/auth/logout', {
      headers: botHeaders(user.discordUserId),
    });
    expectProblem(answer, 400, 'NOT_A_SESSION');
  });
});

describe('sign-up through the bot', () => {
  let server: IdentityTestServer;
  beforeAll(async () => {
    server = await startIdentityTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const signUp = (headers: Record<string, string>, body: unknown) =>
    callApi(server.baseUrl, 'POST', '/api/users', { headers, body });

  it('creates the user at TIER_0 once, answers the same user afterwards, and audits it', async () => {
    const discordUserId = newDiscordUserId();
    const body = { discordUsername: 'fresh-trader', acceptTerms: true };
    const created = await signUp(botHeaders(discordUserId), body);
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      discordUserId,
      discordUsername: 'fresh-trader',
      role: 'USER',
      tier: 'TIER_0',
    });
    expect(Date.parse(created.body.user.termsAcceptedAt)).not.toBeNaN();
    const again = await signUp(botHeaders(discordUserId), { ...body, discordUsername: 'renamed' });
    expect(again.status).toBe(200);
    expect(again.body.user).toEqual(created.body.user);
    const me = await callApi(server.baseUrl, 'GET', '/api/me', {
      headers: botHeaders(discordUserId),
    });
    expect(me.body.user.id).toBe(created.body.user.id);
    const audit = await readAuditLog(server.db, { subjectId: created.body.user.id, limit: 10 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'identity.user.sign_up',
      actorType: 'USER',
      actorId: created.body.user.id,
      ip: '127.0.0.1',
    });
  });

  it('needs the terms accepted and a username (problem+json 400)', async () => {
    const headers = botHeaders(newDiscordUserId());
    for (const body of [
      { discordUsername: 'x', acceptTerms: false },
      { discordUsername: '', acceptTerms: true },
      { acceptTerms: true },
      { discordUsername: 'x'.repeat(101), acceptTerms: true },
    ]) {
      const answer = await signUp(headers, body);
      expect(answer.status).toBe(400);
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('is for the bot only', async () => {
    const body = { discordUsername: 'someone', acceptTerms: true };
    const anonymous = await signUp({}, body);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'BOT_CREDENTIAL_REQUIRED']);
    const fromBrowser = await signUp(
      { ...botHeaders(newDiscordUserId()), origin: 'https://x.example' },
      body,
    );
    expect([fromBrowser.status, fromBrowser.body.code]).toEqual([
      403,
      'BOT_CREDENTIAL_FROM_BROWSER',
    ]);
    const wrongToken = await signUp(
      { ...botHeaders(newDiscordUserId()), authorization: 'Bot not-the-token' },
      body,
    );
    expect([wrongToken.status, wrongToken.body.code]).toEqual([401, 'BOT_CREDENTIAL_INVALID']);
  });
});

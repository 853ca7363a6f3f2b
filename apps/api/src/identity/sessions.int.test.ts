import { readAuditLog } from '@bloxtr8/audit';
import type { BrowserSession } from '@bloxtr8/test-support/platform';
import { signInWithDiscord, signUpUser } from '@bloxtr8/test-support/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityTestServer } from './identity-test-server.ts';
import { startIdentityTestServer } from './identity-test-server.ts';
import { callApi } from './test-browser.ts';

const MINUTE_MS = 60_000;

describe('browser sessions over HTTP', () => {
  let server: IdentityTestServer;
  beforeAll(async () => {
    server = await startIdentityTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const me = (cookie: string) => callApi(server.baseUrl, 'GET', '/api/me', { headers: { cookie } });
  const signedIn = async (options: Parameters<typeof signUpUser>[1] = {}) => {
    const user = await signUpUser(server.db, options);
    return { user, session: await signInWithDiscord(server.baseUrl, server.discord, user) };
  };
  const sessionCookieOf = (setCookies: readonly string[]) =>
    setCookies.find((line) => line.startsWith('bloxtr8_session='))?.split(';')[0];

  it('refuses a session after its absolute lifetime of 7 days', async () => {
    const { session } = await signedIn();
    server.clock.advanceBy(7 * 24 * 60 * MINUTE_MS);
    const answer = await me(session.cookie);
    expect(answer.status).toBe(401);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body.code).toBe('SESSION_EXPIRED');
  });

  it('rotates an hour-old session: the new cookie works, the old one for 30 s only', async () => {
    const { session } = await signedIn();
    server.clock.advanceBy(61 * MINUTE_MS);
    const rotating = await me(session.cookie);
    expect(rotating.status).toBe(200);
    const rotated = sessionCookieOf(rotating.setCookies);
    expect(rotated).toBeDefined();
    expect(rotated).not.toBe(session.cookie);
    expect(rotating.body.csrfToken).toBe(session.csrfToken);

    server.clock.advanceBy(30_000);
    expect((await me(session.cookie)).status).toBe(200);
    server.clock.advanceBy(1_000);
    expect((await me(rotated ?? '')).status).toBe(200);
    const outdated = await me(session.cookie);
    expect(outdated.status).toBe(401);
    expect(outdated.body.code).toBe('SESSION_REVOKED');
    // An outdated token in use means a copied cookie: the whole sign-in ends, the newer one too.
    expect((await me(rotated ?? '')).body.code).toBe('SESSION_REVOKED');
  });

  it('refuses cookie mutations without the right CSRF token and accepts them with it', async () => {
    const { session } = await signedIn();
    const other = await signedIn();
    const logout = (headers: Record<string, string>) =>
      callApi(server.baseUrl, 'POST', '/api/auth/logout', { headers });
    for (const headers of [
      { cookie: session.cookie },
      { cookie: session.cookie, 'x-csrf-token': 'wrong' },
      { cookie: session.cookie, 'x-csrf-token': other.session.csrfToken },
    ]) {
      const refused = await logout(headers);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('CSRF_TOKEN_INVALID');
    }
    expect((await me(session.cookie)).status).toBe(200);
    const accepted = await logout(session.headers);
    expect(accepted.status).toBe(204);
    expect(accepted.setCookies.some((line) => /^bloxtr8_session=;/.test(line))).toBe(true);
  });

  it('refuses the session after sign-out, and audits the sign-out', async () => {
    const { user, session } = await signedIn();
    expect(
      (await callApi(server.baseUrl, 'POST', '/api/auth/logout', { headers: session.headers }))
        .status,
    ).toBe(204);
    const after = await me(session.cookie);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('SESSION_REVOKED');
    const actions = (await readAuditLog(server.db, { subjectId: user.userId, limit: 10 })).map(
      (entry) => entry.action,
    );
    expect(actions).toEqual(['identity.session.sign_in', 'identity.session.sign_out']);
  });

  it('refuses a forged or unknown session cookie', async () => {
    for (const cookie of ['bloxtr8_session=forged', `bloxtr8_session=${'A'.repeat(43)}`]) {
      const answer = await me(cookie);
      expect(answer.status).toBe(401);
      expect(answer.body.code).toBe('SESSION_INVALID');
    }
  });

  it('needs the CSRF token on admin mutations from a browser too', async () => {
    const admin: { session: BrowserSession } = await signedIn({ role: 'ADMIN' });
    const target = await signUpUser(server.db);
    const path = `/api/admin/users/${target.userId}/role`;
    const withoutToken = await callApi(server.baseUrl, 'PUT', path, {
      headers: { cookie: admin.session.cookie },
      body: { role: 'MODERATOR' },
    });
    expect(withoutToken.body.code).toBe('CSRF_TOKEN_INVALID');
    const withToken = await callApi(server.baseUrl, 'PUT', path, {
      headers: admin.session.headers,
      body: { role: 'MODERATOR' },
    });
    expect(withToken.status).toBe(200);
    expect(withToken.body.user.role).toBe('MODERATOR');
  });
});

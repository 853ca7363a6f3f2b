import { readAuditLog } from '@bloxtr8/audit';
import type { TestUser, TestUserOptions } from '@bloxtr8/test-support/platform';
import { botHeaders, signInWithDiscord, signUpUser } from '@bloxtr8/test-support/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityTestServer } from './identity-test-server.ts';
import { startIdentityTestServer } from './identity-test-server.ts';
import { callApi } from './test-browser.ts';

describe('role and tier administration', () => {
  let server: IdentityTestServer;
  let admin: TestUser;
  let moderator: TestUser;
  let user: TestUser;
  beforeAll(async () => {
    server = await startIdentityTestServer();
    admin = await signUpUser(server.db, { role: 'ADMIN' });
    moderator = await signUpUser(server.db, { role: 'MODERATOR' });
    user = await signUpUser(server.db, { tier: 'TIER_1' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const target = (options: TestUserOptions = {}) => signUpUser(server.db, options);
  /** Staff administer from a signed-in browser (the bot may not: ADR 0016); one session each. */
  const sessions = new Map<string, Promise<Record<string, string>>>();
  const headersOf = (actor: TestUser) => {
    if (actor.role === 'USER') return Promise.resolve(botHeaders(actor.discordUserId));
    const known = sessions.get(actor.userId);
    if (known !== undefined) return known;
    const signedIn = signInWithDiscord(server.baseUrl, server.discord, actor).then(
      (session) => session.headers,
    );
    sessions.set(actor.userId, signedIn);
    return signedIn;
  };
  const change = async (actor: TestUser, userId: string, what: 'role' | 'tier', to: string) =>
    callApi(server.baseUrl, 'PUT', `/api/admin/users/${userId}/${what}`, {
      headers: await headersOf(actor),
      body: { [what]: to },
    });
  const setRole = (actor: TestUser, userId: string, role: string) =>
    change(actor, userId, 'role', role);
  const setTier = (actor: TestUser, userId: string, tier: string) =>
    change(actor, userId, 'tier', tier);
  const codeOf = (answer: Awaited<ReturnType<typeof callApi>>) => [answer.status, answer.body.code];

  it('lets an admin change a role, audited, and the change holds from the next request', async () => {
    const promoted = await target({ tier: 'TIER_1' });
    const answer = await setRole(admin, promoted.userId, 'MODERATOR');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      user: { id: promoted.userId, role: 'MODERATOR' },
      changed: true,
    });
    expect((await setRole(admin, promoted.userId, 'MODERATOR')).body.changed).toBe(false);
    const audit = await readAuditLog(server.db, { subjectId: promoted.userId, limit: 10 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'identity.user.role_change',
      actorType: 'ADMIN',
      actorId: admin.userId,
      detail: { from: 'USER', to: 'MODERATOR' },
    });
    const other = await target({ tier: 'TIER_1' });
    expect((await setTier({ ...promoted, role: 'MODERATOR' }, other.userId, 'TIER_2')).status).toBe(
      200,
    );
  });

  it('refuses role changes by moderators and users, and an admin changing their own role', async () => {
    const someone = await target();
    expect(codeOf(await setRole(moderator, someone.userId, 'ADMIN'))).toEqual([403, 'FORBIDDEN']);
    expect(codeOf(await setRole(user, someone.userId, 'ADMIN'))).toEqual([403, 'FORBIDDEN']);
    expect(codeOf(await setRole(user, user.userId, 'ADMIN'))).toEqual([403, 'FORBIDDEN']);
    expect(codeOf(await setRole(admin, admin.userId, 'USER'))).toEqual([409, 'OWN_ROLE_CHANGE']);
    expect(await readAuditLog(server.db, { subjectId: someone.userId, limit: 10 })).toEqual([]);
  });

  it('lets staff grant and remove the verified-seller badge, audited', async () => {
    const seller = await target({ tier: 'TIER_1' });
    const granted = await setTier(moderator, seller.userId, 'TIER_2');
    expect(granted.status).toBe(200);
    expect(granted.body.user.tier).toBe('TIER_2');
    expect((await setTier(admin, seller.userId, 'TIER_1')).body.user.tier).toBe('TIER_1');
    const audit = await readAuditLog(server.db, { subjectId: seller.userId, limit: 10 });
    expect(audit.map((entry) => [entry.actorId, entry.detail.from, entry.detail.to])).toEqual([
      [moderator.userId, 'TIER_1', 'TIER_2'],
      [admin.userId, 'TIER_2', 'TIER_1'],
    ]);
  });

  it('refuses staff changing their own tier or role, and writes nothing', async () => {
    const selfVetting = await target({ role: 'MODERATOR', tier: 'TIER_1' });
    expect(codeOf(await setTier(selfVetting, selfVetting.userId, 'TIER_2'))).toEqual([
      409,
      'OWN_TIER_CHANGE',
    ]);
    expect(codeOf(await setRole(selfVetting, selfVetting.userId, 'ADMIN'))).toEqual([
      403,
      'FORBIDDEN',
    ]);
    const selfAdmin = await target({ role: 'ADMIN', tier: 'TIER_1' });
    expect(codeOf(await setTier(selfAdmin, selfAdmin.userId, 'TIER_2'))).toEqual([
      409,
      'OWN_TIER_CHANGE',
    ]);
    for (const staff of [selfVetting, selfAdmin]) {
      const audit = await readAuditLog(server.db, { subjectId: staff.userId, limit: 10 });
      expect(audit.filter((entry) => entry.action.startsWith('identity.user.'))).toEqual([]);
    }
  });

  it('keeps other tier changes for admins and TIER_2 for linked accounts', async () => {
    const linked = await target({ tier: 'TIER_1' });
    const unlinked = await target({ tier: 'TIER_0' });
    expect(codeOf(await setTier(user, linked.userId, 'TIER_2'))).toEqual([403, 'FORBIDDEN']);
    expect(codeOf(await setTier(moderator, linked.userId, 'TIER_0'))).toEqual([403, 'FORBIDDEN']);
    expect(codeOf(await setTier(admin, unlinked.userId, 'TIER_2'))).toEqual([
      409,
      'TIER_PREREQUISITE',
    ]);
    expect((await setTier(admin, linked.userId, 'TIER_0')).body.user.tier).toBe('TIER_0');
  });

  it('answers 404 for an unknown user and 400 problem+json for malformed input', async () => {
    expect(codeOf(await setRole(admin, '01939f3c-1b2a-7c3d-8e4f-5a6b7c8d9e0f', 'USER'))).toEqual([
      404,
      'USER_NOT_FOUND',
    ]);
    const notUuid = await setRole(admin, 'not-a-uuid', 'USER');
    expect(codeOf(notUuid)).toEqual([400, 'VALIDATION_FAILED']);
    expect(notUuid.contentType).toContain('application/problem+json');
    expect(codeOf(await setRole(admin, user.userId, 'OWNER'))).toEqual([400, 'VALIDATION_FAILED']);
    expect(codeOf(await setTier(admin, user.userId, 'TIER_9'))).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('documents the identity routes in the OpenAPI description', async () => {
    const document = await callApi(server.baseUrl, 'GET', '/openapi.json');
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/users',
        '/api/auth/discord/login',
        '/api/auth/discord/callback',
        '/api/auth/logout',
        '/api/me',
        '/api/admin/users/{id}/role',
        '/api/admin/users/{id}/tier',
      ]),
    );
  });
});

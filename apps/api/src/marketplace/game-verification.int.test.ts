import type { RobloxTestUser } from '@bloxtr8/sandbox/roblox';
import { newRobloxId, newRobloxTestUser } from '@bloxtr8/sandbox/roblox';
import type { TestUser } from '@bloxtr8/test-support/platform';
import { botHeaders, signUpUser } from '@bloxtr8/test-support/platform';
import { describe, expect, it } from 'vitest';
import { callApi } from '../identity/test-browser.ts';
import type { RobloxTestServer } from './roblox-test-server.ts';
import { linkAs, useRobloxTestServer } from './roblox-test-server.ts';

const DAY_MS = 24 * 3_600_000;

describe('verifying ownership of a Roblox game', () => {
  let server: RobloxTestServer;
  useRobloxTestServer((started) => {
    server = started;
  });

  /** A signed-up user with a linked Roblox account (through the real flow), now TIER_1. */
  async function linkedSeller(): Promise<{ user: TestUser; account: RobloxTestUser }> {
    const user = await signUpUser(server.db);
    const account = newRobloxTestUser();
    const linked = await linkAs(server, user, account);
    expect(linked.status).toBe(302);
    return { user, account };
  }

  const verify = (user: TestUser, universeId: string) =>
    callApi(server.baseUrl, 'POST', `/api/games/${universeId}/verify`, {
      headers: botHeaders(user.discordUserId),
    });

  async function rowsOf(universeId: string) {
    const verifications = await server.db.query<{ verified: boolean; method: string | null }>(
      'select verified, method from marketplace.asset_verifications where universe_id = $1',
      [universeId],
    );
    const snapshots = await server.db.query(
      'select 1 from marketplace.game_snapshots where universe_id = $1',
      [universeId],
    );
    return { verifications: verifications.rows, snapshots: snapshots.rows.length };
  }

  it('verifies the creator of a game and stores its snapshot', async () => {
    const { user, account } = await linkedSeller();
    const universeId = newRobloxId();
    await server.roblox.control.addUniverse({
      id: universeId,
      creator: { id: account.id, type: 'User' },
      name: 'Tower of Trials',
      description: 'Climb it.',
      visits: 987_654,
      playing: 321,
      created: '2020-01-02T03:04:05.000Z',
    });
    const answer = await verify(user, universeId);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      verification: { userId: user.userId, universeId, verified: true, method: 'OWNER' },
      snapshot: {
        universeId,
        name: 'Tower of Trials',
        description: 'Climb it.',
        visits: 987_654,
        playing: 321,
        gameCreatedAt: '2020-01-02T03:04:05.000Z',
        thumbnailUrl: `${server.roblox.url}/thumbnails/images/${universeId}.png`,
      },
      fromCache: false,
    });
    const expiresInMs =
      Date.parse(answer.body.verification.expiresAt) -
      Date.parse(answer.body.verification.checkedAt);
    expect(expiresInMs).toBe(DAY_MS);
    expect(await rowsOf(universeId)).toEqual({
      verifications: [{ verified: true, method: 'OWNER' }],
      snapshots: 1,
    });
  });

  it('verifies without an icon while Roblox is still rendering it', async () => {
    const { user, account } = await linkedSeller();
    const universeId = newRobloxId();
    await server.roblox.control.addUniverse({
      id: universeId,
      creator: { id: account.id, type: 'User' },
      iconReady: false,
    });
    const answer = await verify(user, universeId);
    expect([answer.status, answer.body.snapshot.thumbnailUrl]).toEqual([200, null]);
  });

  /** A game of a new group in which the user's Roblox account holds the given role. */
  async function groupGameWithRole(
    account: RobloxTestUser,
    role: { roleName: string; rank: number; manageGroupUniverses?: boolean },
  ) {
    const groupId = newRobloxId();
    const universeId = newRobloxId();
    await server.roblox.control.addUniverse({
      id: universeId,
      creator: { id: groupId, type: 'Group' },
    });
    await server.roblox.control.addGroupRole({
      userId: account.id,
      groupId,
      groupName: 'Studio',
      roleName: role.roleName,
      rank: role.rank,
      permissions: {
        viewWallPosts: true,
        manageGroupUniverses: role.manageGroupUniverses ?? false,
      },
    });
    return { groupId, universeId };
  }

  it.each([
    [
      'the owner (rank 255), whatever the role is called',
      { roleName: 'Big Boss', rank: 255 },
      'GROUP_OWNER',
    ],
    [
      'a role named Builders permitted to manage the group’s experiences',
      { roleName: 'Builders', rank: 20, manageGroupUniverses: true },
      'GROUP_MANAGER',
    ],
  ])('verifies a group game for %s', async (_name, role, method) => {
    const { user, account } = await linkedSeller();
    const { groupId, universeId } = await groupGameWithRole(account, role);
    const answer = await verify(user, universeId);
    expect([answer.status, answer.body.verification]).toMatchObject([
      200,
      { verified: true, method, groupId },
    ]);
  });

  it('refuses a group game to a role named Admin (or Developer) without the permission', async () => {
    const { user, account } = await linkedSeller();
    for (const roleName of ['Admin', 'Developer']) {
      const { universeId } = await groupGameWithRole(account, { roleName, rank: 250 });
      const answer = await verify(user, universeId);
      expect([answer.status, answer.body.code, answer.body.verification]).toMatchObject([
        403,
        'GAME_NOT_OWNED',
        { verified: false, method: null },
      ]);
    }
  });

  it('asks a user whose grant Roblox revoked to link the same account again, and drops the grant', async () => {
    const { user, account } = await linkedSeller();
    const { universeId } = await groupGameWithRole(account, {
      roleName: 'Builders',
      rank: 20,
      manageGroupUniverses: true,
    });
    await server.roblox.control.revokeGrants();
    const revoked = await verify(user, universeId);
    expect([revoked.status, revoked.body.code]).toEqual([409, 'ROBLOX_RELINK_REQUIRED']);
    const kept = await server.db.query(
      `select 1 from identity.linked_accounts
       where user_id = $1 and provider = 'ROBLOX' and grant_refresh_token is not null`,
      [user.userId],
    );
    expect(kept.rows).toHaveLength(0);
    // The user's own game needs no grant; linking the same account again renews it.
    expect((await linkAs(server, user, account)).status).toBe(302);
    const renewed = await verify(user, universeId);
    expect([renewed.status, renewed.body.verification?.method]).toEqual([200, 'GROUP_MANAGER']);
  });

  it('keeps using the grant as Roblox rotates its refresh token', async () => {
    const { user, account } = await linkedSeller();
    for (let i = 0; i < 3; i += 1) {
      const { universeId } = await groupGameWithRole(account, {
        roleName: 'Builders',
        rank: 20,
        manageGroupUniverses: true,
      });
      expect((await verify(user, universeId)).status).toBe(200);
    }
    expect((await server.roblox.control.calls()).cloud).toBe(3);
  });

  it('refuses a game the user does not control with 403 GAME_NOT_OWNED, cached, no snapshot', async () => {
    const { user } = await linkedSeller();
    const other = newRobloxId();
    const groupId = newRobloxId();
    const userGame = newRobloxId();
    const groupGame = newRobloxId();
    await server.roblox.control.addUniverse({ id: userGame, creator: { id: other, type: 'User' } });
    await server.roblox.control.addUniverse({
      id: groupGame,
      creator: { id: groupId, type: 'Group' },
    });
    for (const universeId of [userGame, groupGame]) {
      const answer = await verify(user, universeId);
      expect([answer.status, answer.contentType.split(';')[0], answer.body.code]).toEqual([
        403,
        'application/problem+json',
        'GAME_NOT_OWNED',
      ]);
      expect(answer.body.verification).toMatchObject({ verified: false, method: null });
      expect(await rowsOf(universeId)).toEqual({
        verifications: [{ verified: false, method: null }],
        snapshots: 0,
      });
    }
  });

  it('answers from the cache for 24 hours without asking Roblox, then checks again', async () => {
    const { user, account } = await linkedSeller();
    const universeId = newRobloxId();
    await server.roblox.control.addUniverse({
      id: universeId,
      creator: { id: account.id, type: 'User' },
    });
    const first = await verify(user, universeId);
    expect(first.status).toBe(200);
    const callsAfterFirst = await server.roblox.control.calls();
    server.clock.advanceBy(DAY_MS - 1_000);
    const cached = await verify(user, universeId);
    expect([cached.status, cached.body.fromCache]).toEqual([200, true]);
    expect(cached.body.snapshot.id).toBe(first.body.snapshot.id);
    expect(await server.roblox.control.calls()).toEqual(callsAfterFirst);
    server.clock.advanceBy(2_000);
    const fresh = await verify(user, universeId);
    expect([fresh.status, fresh.body.fromCache]).toEqual([200, false]);
    expect(fresh.body.snapshot.id).not.toBe(first.body.snapshot.id);
    expect((await server.roblox.control.calls()).games).toBe(callsAfterFirst.games + 1);
    expect((await rowsOf(universeId)).verifications).toHaveLength(1);
  });

  it('retries after a 429, honouring Retry-After, and succeeds', async () => {
    const { user, account } = await linkedSeller();
    const universeId = newRobloxId();
    await server.roblox.control.addUniverse({
      id: universeId,
      creator: { id: account.id, type: 'User' },
    });
    await server.roblox.control.trouble({ rateLimited: 1, retryAfterSeconds: 0 });
    const answer = await verify(user, universeId);
    expect(answer.status).toBe(200);
    expect((await server.roblox.control.calls()).games).toBe(2);
  });

  it('gives up at once with 503 when Roblox asks for a longer wait than we hold a request', async () => {
    const { user, account } = await linkedSeller();
    const universeId = newRobloxId();
    await server.roblox.control.addUniverse({
      id: universeId,
      creator: { id: account.id, type: 'User' },
    });
    await server.roblox.control.trouble({ rateLimited: 5, resetSeconds: 60 });
    const answer = await verify(user, universeId);
    expect([answer.status, answer.body.code]).toEqual([503, 'ROBLOX_RATE_LIMITED']);
    expect((await server.roblox.control.calls()).games).toBe(1);
    expect(await rowsOf(universeId)).toEqual({ verifications: [], snapshots: 0 });
  });

  it('answers 502 when Roblox is down, after the bounded retries, writing nothing', async () => {
    const { user, account } = await linkedSeller();
    const universeId = newRobloxId();
    await server.roblox.control.addUniverse({
      id: universeId,
      creator: { id: account.id, type: 'User' },
    });
    await server.roblox.control.trouble({ failing: 10 });
    const answer = await verify(user, universeId);
    expect([answer.status, answer.contentType.split(';')[0], answer.body.code]).toEqual([
      502,
      'application/problem+json',
      'ROBLOX_UNAVAILABLE',
    ]);
    expect((await server.roblox.control.calls()).games).toBe(3);
    expect(await rowsOf(universeId)).toEqual({ verifications: [], snapshots: 0 });
  });

  it('refuses TIER_0, a TIER_1 user without a linked account, and unknown games', async () => {
    const browser = await signUpUser(server.db);
    const low = await verify(browser, newRobloxId());
    expect([low.status, low.body.code]).toEqual([403, 'TIER_TOO_LOW']);
    const unlinked = await signUpUser(server.db, { tier: 'TIER_1' });
    const notLinked = await verify(unlinked, newRobloxId());
    expect([notLinked.status, notLinked.body.code]).toEqual([409, 'ROBLOX_NOT_LINKED']);
    const { user } = await linkedSeller();
    const unknown = await verify(user, newRobloxId());
    expect([unknown.status, unknown.body.code]).toEqual([404, 'GAME_NOT_FOUND']);
    const malformed = await verify(user, 'abc');
    expect(malformed.status).toBe(400);
  });
});

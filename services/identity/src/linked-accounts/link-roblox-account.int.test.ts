import { randomInt } from 'node:crypto';
import type { TestDatabase } from '@bloxtr8/db/testing';
import { createTestDatabase } from '@bloxtr8/db/testing';
import { findRobloxGrant, NO_REQUEST_CONTEXT } from '@bloxtr8/identity';
import { newId, Secret, systemClock } from '@bloxtr8/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkRobloxAccount } from './link-roblox-account.ts';

describe('linkRobloxAccount', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(async () => {
    await test?.drop();
  });

  /** A signed-up TIER_0 user, written straight into identity.users. */
  async function signUpUser(db: TestDatabase['db']): Promise<{ userId: string }> {
    const userId = newId();
    await db.query(
      `insert into identity.users (id, discord_user_id, discord_username, terms_accepted_at)
       values ($1, $2, 'trader', now())`,
      [userId, String(randomInt(10 ** 11, 10 ** 12))],
    );
    return { userId };
  }

  const link = (
    userId: string,
    robloxUserId: string,
    username = 'builder',
    refreshToken = `rt-${newId()}`,
  ) =>
    linkRobloxAccount(test.db, systemClock, {
      userId,
      roblox: { userId: robloxUserId, username },
      grant: { refreshToken: new Secret(refreshToken), scope: 'openid profile group:read' },
      context: NO_REQUEST_CONTEXT,
    });

  const storedGrant = async (userId: string) =>
    (await findRobloxGrant(test.db, userId))?.refreshToken.reveal();

  it('gives one Roblox account to exactly one of two users linking it at the same instant', async () => {
    const [first, second] = await Promise.all([signUpUser(test.db), signUpUser(test.db)]);
    if (first === undefined || second === undefined) throw new Error('no users');
    const outcomes = await Promise.all([
      link(first.userId, '4000001'),
      link(second.userId, '4000001'),
    ]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.find((outcome) => !outcome.ok)).toEqual({
      ok: false,
      error: 'ROBLOX_ACCOUNT_TAKEN',
    });
    const { rows } = await test.db.query<{ kyc_tier: string }>(
      'select kyc_tier from identity.users where id = any($1) order by kyc_tier',
      [[first.userId, second.userId]],
    );
    expect(rows.map((row) => row.kyc_tier)).toEqual(['TIER_0', 'TIER_1']);
  });

  it('treats linking the same account again as done, refreshing the username and the grant only', async () => {
    const user = await signUpUser(test.db);
    expect(await link(user.userId, '4000002', 'old_name', 'rt-first')).toMatchObject({
      ok: true,
      value: { created: true, tier: 'TIER_1' },
    });
    // An admin lowered the tier since: relinking must not undo that.
    await test.db.query(`update identity.users set kyc_tier = 'TIER_0' where id = $1`, [
      user.userId,
    ]);
    expect(await storedGrant(user.userId)).toBe('rt-first');
    expect(await link(user.userId, '4000002', 'new_name', 'rt-renewed')).toMatchObject({
      ok: true,
      value: { created: false, tier: 'TIER_0', robloxUsername: 'new_name' },
    });
    expect(await storedGrant(user.userId)).toBe('rt-renewed');
    expect(await link(user.userId, '4000003', 'other', 'rt-other')).toEqual({
      ok: false,
      error: 'ROBLOX_ALREADY_LINKED',
    });
    expect(await storedGrant(user.userId)).toBe('rt-renewed');
  });

  it('refuses a user that does not exist', async () => {
    expect(await link('00000000-0000-4000-8000-000000000000', '4000004')).toEqual({
      ok: false,
      error: 'USER_NOT_FOUND',
    });
  });
});

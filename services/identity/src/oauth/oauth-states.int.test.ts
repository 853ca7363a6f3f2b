import type { TestDatabase } from '@bloxtr8/db/testing';
import { createTestDatabase } from '@bloxtr8/db/testing';
import { ManualClock } from '@bloxtr8/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeOAuthState, OAUTH_STATE_TTL_MS, startOAuthFlow } from './oauth-states.ts';

describe('OAuth states', () => {
  let test: TestDatabase;
  const clock = new ManualClock();
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(async () => {
    await test?.drop();
  });

  const start = () =>
    startOAuthFlow(test.db, clock, { provider: 'DISCORD', redirectPath: '/trades' });

  it('stores only the hash of a 32-byte state, with a PKCE verifier, for ten minutes', async () => {
    const flow = await start();
    expect(Buffer.from(flow.state, 'base64url')).toHaveLength(32);
    expect(flow.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(flow.expiresAt.getTime() - clock.now().getTime()).toBe(OAUTH_STATE_TTL_MS);
    const { rows } = await test.db.query<{ n: number }>(
      `select count(*)::int as n from identity.oauth_states
       where state_hash = sha256(convert_to($1, 'UTF8')) and redirect_path = '/trades'
         and code_verifier = $2 and consumed_at is null`,
      [flow.state, flow.codeVerifier],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('is consumed once: the second use is refused', async () => {
    const flow = await start();
    const first = await consumeOAuthState(test.db, clock, {
      provider: 'DISCORD',
      state: flow.state,
    });
    expect(first).toEqual({
      ok: true,
      value: { codeVerifier: flow.codeVerifier, redirectPath: '/trades', userId: null },
    });
    const again = await consumeOAuthState(test.db, clock, {
      provider: 'DISCORD',
      state: flow.state,
    });
    expect(again).toEqual({ ok: false, error: 'STATE_INVALID' });
  });

  it('lets exactly one of many concurrent callbacks with the same state through', async () => {
    const flow = await start();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        consumeOAuthState(test.db, clock, { provider: 'DISCORD', state: flow.state }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it('is refused after ten minutes, for another provider, and when unknown or malformed', async () => {
    const expiring = await start();
    clock.advanceBy(OAUTH_STATE_TTL_MS);
    expect(
      (await consumeOAuthState(test.db, clock, { provider: 'DISCORD', state: expiring.state })).ok,
    ).toBe(false);
    const flow = await start();
    expect(
      (await consumeOAuthState(test.db, clock, { provider: 'ROBLOX', state: flow.state })).ok,
    ).toBe(false);
    const unknown = 'A'.repeat(43);
    expect(
      (await consumeOAuthState(test.db, clock, { provider: 'DISCORD', state: unknown })).ok,
    ).toBe(false);
    expect(
      (await consumeOAuthState(test.db, clock, { provider: 'DISCORD', state: "x' or 1=1" })).ok,
    ).toBe(false);
    expect(
      (await consumeOAuthState(test.db, clock, { provider: 'DISCORD', state: flow.state })).ok,
    ).toBe(true);
  });

  it('purges long-expired states as new ones start', async () => {
    clock.advanceBy(OAUTH_STATE_TTL_MS + 1);
    await start();
    const { rows } = await test.db.query<{ n: number }>(
      'select count(*)::int as n from identity.oauth_states where expires_at < $1',
      [clock.now()],
    );
    expect(rows[0]?.n).toBe(0);
  });
});

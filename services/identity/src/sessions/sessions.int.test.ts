import { readAuditLog } from '@bloxtr8/audit';
import type { TestDatabase } from '@bloxtr8/db/testing';
import { createTestDatabase } from '@bloxtr8/db/testing';
import { ManualClock } from '@bloxtr8/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpUser } from '../users/sign-up-user.ts';
import { NO_REQUEST_CONTEXT } from '../users/user.ts';
import { endSession } from './end-session.ts';
import { resumeSession } from './resume-session.ts';
import { DEFAULT_SESSION_POLICY } from './session-rules.ts';
import { startSession } from './start-session.ts';

const HOUR_MS = 3_600_000;
const policy = DEFAULT_SESSION_POLICY;

describe('sessions', () => {
  let test: TestDatabase;
  let discordSequence = 100_000_000_000_000_000n;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(async () => {
    await test?.drop();
  });

  async function signedIn(clock: ManualClock) {
    discordSequence += 1n;
    const { user } = await signUpUser(test.db, clock, {
      discordUserId: discordSequence.toString(),
      discordUsername: 'trader',
      context: NO_REQUEST_CONTEXT,
    });
    const issued = await startSession(test.db, clock, policy, {
      userId: user.id,
      method: 'discord_oauth',
      context: { ip: '127.0.0.1', userAgent: 'vitest', requestId: 'r1' },
    });
    return { user, issued };
  }
  const resume = (clock: ManualClock, token: string) =>
    resumeSession(test.db, clock, policy, { token, context: NO_REQUEST_CONTEXT });

  it('stores a hash only and opens the session for its token', async () => {
    const clock = new ManualClock();
    const { user, issued } = await signedIn(clock);
    const { rows } = await test.db.query<{ n: number }>(
      `select count(*)::int as n from identity.sessions
       where token_hash = sha256(convert_to($1, 'UTF8')) and user_id = $2`,
      [issued.token, user.id],
    );
    expect(rows[0]?.n).toBe(1);
    const resumed = await resume(clock, issued.token);
    expect(resumed.ok && resumed.value.session.user.id).toBe(user.id);
    expect(resumed.ok && resumed.value.replacement).toBeNull();
    const audit = await readAuditLog(test.db, { subjectId: user.id, limit: 10 });
    expect(audit.map((entry) => entry.action)).toEqual([
      'identity.user.sign_up',
      'identity.session.sign_in',
    ]);
  });

  it('rotates after an hour, keeps the old token for the grace, then revokes the family on reuse', async () => {
    const clock = new ManualClock();
    const { user, issued } = await signedIn(clock);
    clock.advanceBy(HOUR_MS);
    const rotated = await resume(clock, issued.token);
    if (!rotated.ok || rotated.value.replacement === null) throw new Error('expected a rotation');
    const replacement = rotated.value.replacement;
    expect(replacement.familyId).toBe(issued.familyId);
    expect(replacement.expiresAt).toEqual(issued.expiresAt);

    clock.advanceBy(policy.rotationGraceMs);
    expect((await resume(clock, issued.token)).ok).toBe(true);
    expect((await resume(clock, replacement.token)).ok).toBe(true);

    clock.advanceBy(1);
    expect(await resume(clock, issued.token)).toEqual({ ok: false, error: 'SESSION_REUSED' });
    expect(await resume(clock, replacement.token)).toEqual({ ok: false, error: 'SESSION_REVOKED' });
    const audit = await readAuditLog(test.db, { subjectId: user.id, limit: 10 });
    expect(audit.at(-1)).toMatchObject({
      action: 'identity.session.reuse_detected',
      actorType: 'SYSTEM',
    });
  });

  it('rotates once when concurrent requests all find the session due', async () => {
    const clock = new ManualClock();
    const { issued } = await signedIn(clock);
    clock.advanceBy(HOUR_MS);
    const results = await Promise.all(Array.from({ length: 6 }, () => resume(clock, issued.token)));
    expect(results.every((result) => result.ok)).toBe(true);
    const replacements = results.filter((result) => result.ok && result.value.replacement !== null);
    expect(replacements).toHaveLength(1);
    const { rows } = await test.db.query<{ n: number }>(
      'select count(*)::int as n from identity.sessions where family_id = $1',
      [issued.familyId],
    );
    expect(rows[0]?.n).toBe(2);
  });

  it('refuses an expired session; rotation never extends the absolute lifetime', async () => {
    const clock = new ManualClock();
    const { issued } = await signedIn(clock);
    let token = issued.token;
    for (let hour = 1; hour < 7 * 24; hour += 1) {
      clock.advanceBy(HOUR_MS);
      const resumed = await resume(clock, token);
      if (!resumed.ok) throw new Error(`refused after ${hour} h: ${resumed.error}`);
      token = resumed.value.replacement?.token ?? token;
      if (hour > 3) break;
    }
    clock.set(issued.expiresAt);
    expect(await resume(clock, token)).toEqual({ ok: false, error: 'SESSION_EXPIRED' });
  });

  it('signs out the whole family, the token in its grace included', async () => {
    const clock = new ManualClock();
    const { issued } = await signedIn(clock);
    clock.advanceBy(HOUR_MS);
    const rotated = await resume(clock, issued.token);
    if (!rotated.ok || rotated.value.replacement === null) throw new Error('expected a rotation');
    await endSession(test.db, clock, {
      session: rotated.value.session,
      context: NO_REQUEST_CONTEXT,
    });
    expect(await resume(clock, issued.token)).toEqual({ ok: false, error: 'SESSION_REVOKED' });
    expect(await resume(clock, rotated.value.replacement.token)).toEqual({
      ok: false,
      error: 'SESSION_REVOKED',
    });
  });

  it('refuses unknown and malformed tokens without a lookup', async () => {
    const clock = new ManualClock();
    expect(await resume(clock, 'A'.repeat(43))).toEqual({ ok: false, error: 'SESSION_UNKNOWN' });
    expect(await resume(clock, "'; drop table identity.sessions; --")).toEqual({
      ok: false,
      error: 'SESSION_UNKNOWN',
    });
  });

  it('signs up once per Discord user, also when sign-ups race', async () => {
    const clock = new ManualClock();
    const discordUserId = '555555555555555555';
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        signUpUser(test.db, clock, {
          discordUserId,
          discordUsername: 'racer',
          context: NO_REQUEST_CONTEXT,
        }),
      ),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.user.id)).size).toBe(1);
    const audit = await readAuditLog(test.db, { subjectId: results[0]?.user.id ?? '', limit: 10 });
    expect(audit.filter((entry) => entry.action === 'identity.user.sign_up')).toHaveLength(1);
  });
});

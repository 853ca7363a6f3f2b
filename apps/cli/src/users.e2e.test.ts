import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@bloxtr8/db';
import { createTestDatabase } from '@bloxtr8/db/testing';
import {
  ApiCaller,
  disputeInSandbox,
  eventually,
  newDiscordUserId,
  signInWithDiscord,
  signUpUser,
} from '@bloxtr8/test-support/platform';
import { afterAll, describe, expect, it } from 'vitest';
import type { SandboxManifest } from './platform/sandbox-manifest.ts';
import { readSandboxManifest } from './platform/sandbox-manifest.ts';
import { runCli, startCli } from './run-cli.ts';

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});
function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bloxtr8-users-'));
  dataDirs.push(dir);
  return dir;
}

/** `bloxtr8 start` on a data folder until `work` is done; its manifest names the sandboxes. */
async function withPlatform<T>(
  env: Record<string, string>,
  work: (gatewayUrl: string, manifest: SandboxManifest) => Promise<T>,
): Promise<T> {
  const platform = startCli(['start'], { PORT: '0', LOG_LEVEL: 'warn', ...env });
  try {
    const gatewayUrl = await platform.listening;
    const manifest = await readSandboxManifest(env.BLOXTR8_DATA_DIR ?? '');
    if (manifest === undefined) throw new Error('the sandbox platform wrote no manifest');
    return await work(gatewayUrl, manifest);
  } finally {
    platform.child.kill('SIGINT');
    await platform.finished;
  }
}

describe('bloxtr8 users on the embedded database', () => {
  it('says in one line that a Discord user must sign up before they get a role', async () => {
    const granted = await runCli(newDataDir(), 'users', 'grant', newDiscordUserId(), 'ADMIN');
    expect(granted.code).toBe(1);
    expect(granted.stderr.trim().split('\n')).toHaveLength(1);
    expect(granted.stderr).toMatch(
      /^bloxtr8 users: no user with Discord id \d+ has signed up; they run \/signup in Discord first/,
    );
    expect((await runCli(newDataDir(), 'users', 'grant', 'alice', 'ADMIN')).code).toBe(64);
    expect((await runCli(newDataDir(), 'users', 'grant', newDiscordUserId(), 'OWNER')).code).toBe(
      64,
    );
  });

  it('makes the first admin of a fresh install, who then settles a dispute through the API', async () => {
    const dataDir = newDataDir();
    const env = { BLOXTR8_DATA_DIR: dataDir, BOT_API_TOKEN: randomBytes(32).toString('base64url') };
    const founder = newDiscordUserId();
    await withPlatform(env, async (gatewayUrl) => {
      const me = new ApiCaller(gatewayUrl, {
        authorization: `Bot ${env.BOT_API_TOKEN}`,
        'x-discord-user-id': founder,
      });
      const signedUp = await me.post('/api/users', {
        discordUsername: 'founder',
        acceptTerms: true,
      });
      expect(signedUp.body.user.role).toBe('USER');
      expect((await me.get('/api/admin/disputes')).body.code).toBe('FORBIDDEN');
    });

    const granted = await runCli(dataDir, 'users', 'grant', founder, 'ADMIN');
    expect([granted.code, granted.stderr]).toEqual([0, '']);
    expect(granted.stdout).toMatch(
      new RegExp(`founder \\(Discord ${founder}, user [0-9a-f-]+\\) is now ADMIN`),
    );
    expect((await runCli(dataDir, 'users', 'grant', founder, 'ADMIN')).stdout).toContain(
      'is ADMIN already; nothing changed',
    );
    expect((await runCli(dataDir, 'users', 'list')).stdout).toMatch(
      new RegExp(`^${founder}  ADMIN  TIER_0  founder  `, 'm'),
    );

    await withPlatform(env, async (gatewayUrl, manifest) => {
      const { escrowId, buyer } = await disputeInSandbox(
        gatewayUrl,
        manifest.sandboxes,
        env.BOT_API_TOKEN,
      );
      const session = await signInWithDiscord(
        gatewayUrl,
        { url: manifest.sandboxes.discord ?? '' },
        { discordUserId: founder },
      );
      const admin = new ApiCaller(gatewayUrl, session.headers);
      const queue = await eventually(
        () => admin.get('/api/admin/disputes'),
        (answer) =>
          answer.body.items?.some((item: { escrowId: string }) => item.escrowId === escrowId),
        'the dispute in the queue',
      );
      expect(queue.status).toBe(200);
      const resolved = await admin.post(
        `/api/escrow/${escrowId}/resolve`,
        { outcome: 'REFUND', note: 'nothing was delivered' },
        { prefer: 'wait=10' },
      );
      expect(resolved.body).toMatchObject({ action: 'resolve', status: 'APPLIED' });
      await eventually(
        () => buyer.api.get(`/api/escrow/${escrowId}`),
        (view) => view.body.state === 'REFUNDED',
        'the refund',
      );
    });

    const revoked = await runCli(dataDir, 'users', 'revoke', founder);
    expect(revoked.stdout).toContain('is now USER');
    expect((await runCli(dataDir, 'users', 'list', '--role', 'ADMIN')).stdout).toBe(
      'no users with role ADMIN\n',
    );
    const db = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
    try {
      const { rows } = await db.query<{
        actor_type: string;
        actor_id: string | null;
        detail: Record<string, unknown>;
      }>(
        `select actor_type, actor_id, detail from audit.audit_log
         where action = 'identity.user.role_change' order by id`,
      );
      expect(
        rows.map((row) => [row.actor_type, row.actor_id, row.detail.to, row.detail.via]),
      ).toEqual([
        ['OPERATOR', null, 'ADMIN', 'cli'],
        ['OPERATOR', null, 'USER', 'cli'],
      ]);
    } finally {
      await db.close();
    }
  }, 240_000);
});

describe.runIf(process.env.DATABASE_URL)('bloxtr8 users on PostgreSQL', () => {
  it('grants, lists and revokes staff roles, audited as the operator', async () => {
    const test = await createTestDatabase('postgres');
    try {
      const users = (...args: string[]) =>
        startCli(['users', ...args], { DATABASE_URL: test.url ?? '', LOG_LEVEL: 'silent' })
          .finished;
      const moderator = await signUpUser(test.db, { username: 'vetted' });
      const granted = await users('grant', moderator.discordUserId, 'moderator');
      expect([granted.code, granted.stderr]).toEqual([0, '']);
      expect(granted.stdout).toContain('is now MODERATOR');
      expect((await users('list', '--role', 'MODERATOR')).stdout).toContain(
        `${moderator.discordUserId}  MODERATOR`,
      );
      expect((await users('revoke', moderator.discordUserId)).stdout).toContain('is now USER');
      const { rows } = await test.db.query<{ role: string }>(
        'select role from identity.users where id = $1',
        [moderator.userId],
      );
      expect(rows).toEqual([{ role: 'USER' }]);
      const audit = await test.db.query<{ actor_type: string; to: string }>(
        `select actor_type, detail->>'to' as to from audit.audit_log
         where subject_id = $1 and action = 'identity.user.role_change' order by id`,
        [moderator.userId],
      );
      expect(audit.rows).toEqual([
        { actor_type: 'OPERATOR', to: 'MODERATOR' },
        { actor_type: 'OPERATOR', to: 'USER' },
      ]);
      expect((await users('grant', newDiscordUserId(), 'ADMIN')).code).toBe(1);
    } finally {
      await test.drop();
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from './run-cli.ts';

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function freshDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'bloxtr8-stripe-settings-'));
  dataDirs.push(dataDir);
  return dataDir;
}

describe('Stripe settings at start', () => {
  it('refuses the Stripe sandbox on a public deployment with one line', async () => {
    const run = startCli(['start'], {
      PORT: '0',
      BLOXTR8_DATA_DIR: freshDataDir(),
      PUBLIC_URL: 'https://bloxtr8.example.com',
      DISCORD_CLIENT_ID: '123456789012345678',
      DISCORD_CLIENT_SECRET: 'discord-secret-made-up-for-this-test',
      SESSION_SECRET: 'a-session-secret-made-up-for-this-test-only',
      ROBLOX_CLIENT_ID: '1234567890123456789',
      ROBLOX_CLIENT_SECRET: 'roblox-secret-made-up-for-this-test',
    });
    const started = await Promise.race([
      run.listening.then(() => true),
      run.finished.then(() => false),
    ]);
    if (started) run.child.kill('SIGINT');
    const result = await run.finished;
    expect(started).toBe(false);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      'bloxtr8: invalid configuration: STRIPE_SECRET_KEY: is required when PUBLIC_URL is not a loopback address: the Stripe sandbox takes payments that move no real money',
    ]);
  });

  it('a gateway without Stripe keys says at start which routes are off and where payments run', async () => {
    const gateway = startCli(['run', 'gateway'], {
      PORT: '0',
      BLOXTR8_DATA_DIR: freshDataDir(),
      LOG_LEVEL: 'warn',
    });
    const base = await gateway.listening;
    expect((await fetch(`${base}/webhooks/stripe`, { method: 'POST' })).status).toBe(404);
    gateway.child.kill('SIGINT');
    const { stdout, code } = await gateway.finished;
    expect(code).toBe(0);
    const notices = stdout
      .split('\n')
      .filter((line) => line.includes('Stripe routes off in this gateway'))
      .map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(notices).toHaveLength(1);
    expect(notices[0]?.level).toBe('warn');
    expect(notices[0]?.msg).toContain('POST /webhooks/stripe');
    expect(notices[0]?.msg).toContain('/api/me/payout-account');
    expect(notices[0]?.msg).toContain('`bloxtr8 run payments`');
  });
});

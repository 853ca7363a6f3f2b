import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from './run-cli.ts';

describe('bloxtr8 demo against `bloxtr8 start` on the embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bloxtr8-demo-'));
  let platform: ReturnType<typeof startCli>;

  beforeAll(async () => {
    platform = startCli(['start'], { PORT: '0', BLOXTR8_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    await platform.listening;
  }, 60_000);
  afterAll(async () => {
    platform?.child.kill('SIGINT');
    await platform?.finished;
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('drives one trade to RELEASED through the HTTP API, printing the escrow timeline', async () => {
    const demo = await runCli(dataDir, 'demo');
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    for (const step of [
      'signed up and linked Roblox account',
      'seller counters',
      'contract executed',
      'EscrowCreated',
      'EscrowFundsHeld',
      'EscrowDelivered',
      'EscrowReleased',
      'RELEASED: $2,660.00 paid to the seller, $140.00 platform fee',
    ]) {
      expect(demo.stdout).toContain(step);
    }
  }, 90_000);

  it('says what to do when no sandbox platform runs on the data folder', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'bloxtr8-demo-none-'));
    const demo = await runCli(elsewhere, 'demo');
    rmSync(elsewhere, { recursive: true, force: true });
    expect(demo.code).toBe(1);
    expect(demo.stderr).toContain('start one with `npm start`');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from './run-cli.ts';

describe('bloxtr8 demo against `bloxtr8 start` on the embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bloxtr8-demo-'));
  let platform: ReturnType<typeof startCli>;

  beforeAll(async () => {
    platform = startCli(['start'], {
      PORT: '0',
      BLOXTR8_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // The USDC sandbox mines a block a second: two confirmations keep the USDC demo short.
      USDC_CONFIRMATIONS: '2',
    });
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

  it('trades $25,000 on the USDC rail with --amount 25000: a deposit on the sandbox chain, paid out on chain', async () => {
    const demo = await runCli(dataDir, 'demo', '--amount', '25000');
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    for (const step of [
      'seller proved control of payout wallet',
      'rail=USDC_BASE',
      'buyer pays 25,000.00 USDC to deposit address 0x',
      'it counts after 2 blocks',
      'PaymentSucceeded         txHash=0x',
      'EscrowFundsHeld',
      'TransferSucceeded        txHash=0x',
      "RELEASED: 23,750.00 USDC paid to the seller's wallet",
      "seller's wallet holds 23,750.00 USDC on chain",
    ]) {
      expect(demo.stdout).toContain(step);
    }
  }, 120_000);

  it('says what to do when no sandbox platform runs on the data folder', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'bloxtr8-demo-none-'));
    const demo = await runCli(elsewhere, 'demo');
    rmSync(elsewhere, { recursive: true, force: true });
    expect(demo.code).toBe(1);
    expect(demo.stderr).toContain('start one with `npm start`');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DemoTradeOptions } from './demo/run-demo-trade.ts';
import { completeDemoTrade, fundDemoTrade } from './demo/run-demo-trade.ts';
import { readSandboxManifest } from './platform/sandbox-manifest.ts';
import { startCli } from './run-cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'bloxtr8-sandbox-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `npm start` on the data folder, and how its sandboxes are reached (sandbox.json). */
async function startPlatform() {
  const platform = startCli(['start'], { PORT: '0', BLOXTR8_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  await platform.listening;
  const manifest = await readSandboxManifest(dataDir);
  const { stripe, roblox } = manifest?.sandboxes ?? {};
  if (manifest?.botToken == null || stripe === undefined || roblox === undefined) {
    throw new Error('the platform runs no sandboxes');
  }
  const demo: DemoTradeOptions = {
    gatewayUrl: manifest.gatewayUrl,
    botToken: manifest.botToken,
    stripeUrl: stripe,
    robloxUrl: roblox,
    say: () => {},
  };
  const stop = async () => {
    platform.child.kill('SIGINT');
    const { code, stderr } = await platform.finished;
    expect(code, stderr).toBe(0);
  };
  return { manifest, demo, stop };
}

describe('bloxtr8 start restarted on the same data folder', () => {
  it('completes a trade funded before the restart, on the same sandboxes', async () => {
    const first = await startPlatform();
    const trade = await fundDemoTrade(first.demo);
    await first.stop();

    const second = await startPlatform();
    try {
      // The bot credential and the sandboxes' addresses are those of the first run.
      expect(second.manifest.botToken).toBe(first.manifest.botToken);
      expect(second.manifest.sandboxes).toEqual(first.manifest.sandboxes);
      // The seller's Connect account, the payment and its charge are still known to the Stripe
      // sandbox, so the release is paid out.
      await completeDemoTrade(second.demo, trade);
    } finally {
      await second.stop();
    }
  }, 180_000);
});

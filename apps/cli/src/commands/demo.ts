import { loadConfig } from '@bloxtr8/platform';
import { runDemoTrade } from '../demo/run-demo-trade.ts';
import { readSandboxManifest } from '../platform/sandbox-manifest.ts';

/**
 * `bloxtr8 demo`: one complete trade against the sandbox platform `npm start` runs on this data
 * folder, through its public HTTP API and its sandbox providers, the escrow's timeline printed as
 * it happens.
 */
export async function runDemo(_args: readonly string[]): Promise<number> {
  const config = loadConfig(process.env);
  const manifest = await readSandboxManifest(config.dataDir);
  if (manifest === undefined) {
    console.error(
      `bloxtr8 demo: no sandbox platform runs on ${config.dataDir}; start one with \`npm start\` in another terminal first`,
    );
    return 1;
  }
  const { stripe, roblox } = manifest.sandboxes;
  const botToken = manifest.botToken ?? config.identity.botToken?.reveal();
  if (stripe === undefined || roblox === undefined || botToken === undefined) {
    console.error(
      'bloxtr8 demo: the running platform uses real Stripe or Roblox, or has no bot credential; the demo needs their sandboxes',
    );
    return 1;
  }
  console.log(`bloxtr8 demo: one trade through ${manifest.gatewayUrl}\n`);
  await runDemoTrade({
    gatewayUrl: manifest.gatewayUrl,
    botToken,
    stripeUrl: stripe,
    robloxUrl: roblox,
    say: (line) => console.log(line),
  });
  return 0;
}

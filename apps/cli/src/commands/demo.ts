import { loadConfig } from '@bloxtr8/platform';
import { runDemoTrade } from '../demo/run-demo-trade.ts';
import { runDiscordDemoTrade } from '../demo/run-discord-demo-trade.ts';
import { readSandboxManifest } from '../platform/sandbox-manifest.ts';

/**
 * `bloxtr8 demo`: one complete trade against the sandbox platform `npm start` runs on this data
 * folder, through its public HTTP API and its sandbox providers, the escrow's timeline printed as
 * it happens.
 */
export async function runDemo(args: readonly string[]): Promise<number> {
  const viaDiscord = args[0] === '--via' && args[1] === 'discord';
  if (args.length > 0 && !viaDiscord) {
    console.error('usage: bloxtr8 demo [--via discord]');
    return 64;
  }
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
  if (viaDiscord) {
    const discord = manifest.sandboxes.discord;
    if (discord === undefined) {
      console.error(
        'bloxtr8 demo: the running platform uses a real Discord application; --via discord needs its sandbox',
      );
      return 1;
    }
    console.log(`bloxtr8 demo: one trade through Discord interactions only (${discord})\n`);
    const trade = await runDiscordDemoTrade({
      gatewayUrl: manifest.gatewayUrl,
      discordUrl: discord,
      stripeUrl: stripe,
      robloxUrl: roblox,
      say: (line) => console.log(line),
    });
    console.log(`\nRELEASED: escrow ${trade.escrowId}`);
    return 0;
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

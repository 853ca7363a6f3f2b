import { parseArgs } from 'node:util';
import { chooseRail } from '@bloxtr8/contracts';
import { loadConfig } from '@bloxtr8/platform';
import { runDemoTrade } from '../demo/run-demo-trade.ts';
import { runDiscordDemoTrade } from '../demo/run-discord-demo-trade.ts';
import { runUsdcDemoTrade } from '../demo/run-usdc-demo-trade.ts';
import type { SandboxManifest } from '../platform/sandbox-manifest.ts';
import { readSandboxManifest } from '../platform/sandbox-manifest.ts';

const USAGE =
  'usage: bloxtr8 demo [--amount DOLLARS] [--via discord]  (above 10000: the USDC rail; --via discord: through signed interactions only, on the Stripe rail)';

interface DemoChoice {
  /** Cents, or undefined for the demo's own price. */
  readonly priceCents: number | undefined;
  readonly viaDiscord: boolean;
}

/**
 * `bloxtr8 demo`: one complete trade against the sandbox platform `npm start` runs on this data
 * folder, through its public HTTP API (or Discord interactions only) and its sandbox providers,
 * the escrow's timeline printed as it happens. `--amount` above $10,000 trades on the USDC rail
 * (the USDC sandbox chain).
 */
export async function runDemo(args: readonly string[]): Promise<number> {
  const choice = choiceOf(args);
  if (choice === null) {
    console.error(`bloxtr8 demo: ${USAGE}`);
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
  return choice.viaDiscord
    ? runViaDiscord(manifest)
    : runViaApi(manifest, choice.priceCents, config.identity.botToken?.reveal());
}

async function runViaApi(
  manifest: SandboxManifest,
  priceCents: number | undefined,
  configuredBotToken: string | undefined,
): Promise<number> {
  const { stripe, roblox, usdc } = manifest.sandboxes;
  const botToken = manifest.botToken ?? configuredBotToken;
  const isUsdc = priceCents !== undefined && chooseRail(BigInt(priceCents)).rail === 'USDC_BASE';
  const rail = isUsdc ? usdc : stripe;
  if (rail === undefined || roblox === undefined || botToken === undefined) {
    console.error(
      `bloxtr8 demo: the running platform uses real ${isUsdc ? 'USDC' : 'Stripe'} or Roblox, or has no bot credential; the demo needs their sandboxes`,
    );
    return 1;
  }
  console.log(`bloxtr8 demo: one trade through ${manifest.gatewayUrl}\n`);
  const common = {
    gatewayUrl: manifest.gatewayUrl,
    botToken,
    robloxUrl: roblox,
    say: (line: string) => console.log(line),
  };
  if (isUsdc && priceCents !== undefined) {
    await runUsdcDemoTrade({ ...common, usdcUrl: rail, priceCents });
  } else {
    const deal = priceCents === undefined ? {} : { deal: { price: priceCents, offer: priceCents } };
    await runDemoTrade({ ...common, stripeUrl: rail, ...deal });
  }
  return 0;
}

async function runViaDiscord(manifest: SandboxManifest): Promise<number> {
  const { stripe, roblox, discord } = manifest.sandboxes;
  if (stripe === undefined || roblox === undefined || discord === undefined) {
    console.error(
      'bloxtr8 demo: the running platform uses a real Discord application, Stripe or Roblox; --via discord needs their sandboxes',
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

/** `--amount` in whole dollars as cents and `--via discord`; null when either is malformed. */
function choiceOf(args: readonly string[]): DemoChoice | null {
  try {
    const { amount, via } = parseArgs({
      args: [...args],
      options: { amount: { type: 'string' }, via: { type: 'string' } },
    }).values;
    if (via !== undefined && via !== 'discord') return null;
    if (amount !== undefined && !/^[1-9][0-9]{0,6}$/.test(amount)) return null;
    // The Discord demo pays by card: the USDC rail has no Discord walk-through.
    if (via === 'discord' && amount !== undefined) return null;
    return {
      priceCents: amount === undefined ? undefined : Number(amount) * 100,
      viaDiscord: via === 'discord',
    };
  } catch {
    return null;
  }
}

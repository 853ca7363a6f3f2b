import { parseArgs } from 'node:util';
import { chooseRail } from '@bloxtr8/contracts';
import { loadConfig } from '@bloxtr8/platform';
import { runDemoTrade } from '../demo/run-demo-trade.ts';
import { runUsdcDemoTrade } from '../demo/run-usdc-demo-trade.ts';
import { readSandboxManifest } from '../platform/sandbox-manifest.ts';

const USAGE = 'usage: bloxtr8 demo [--amount DOLLARS]  (above 10000: the USDC rail)';

/**
 * `bloxtr8 demo`: one complete trade against the sandbox platform `npm start` runs on this data
 * folder, through its public HTTP API and its sandbox providers, the escrow's timeline printed as
 * it happens. `--amount` above $10,000 trades on the USDC rail (the USDC sandbox chain).
 */
export async function runDemo(args: readonly string[]): Promise<number> {
  const priceCents = amountOf(args);
  if (priceCents === null) {
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
  const { stripe, roblox, usdc } = manifest.sandboxes;
  const botToken = manifest.botToken ?? config.identity.botToken?.reveal();
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

/** `--amount` in whole dollars as cents; undefined when absent, null when not a whole amount. */
function amountOf(args: readonly string[]): number | undefined | null {
  try {
    const { amount } = parseArgs({
      args: [...args],
      options: { amount: { type: 'string' } },
    }).values;
    if (amount === undefined) return undefined;
    if (!/^[1-9][0-9]{0,6}$/.test(amount)) return null;
    return Number(amount) * 100;
  } catch {
    return null;
  }
}

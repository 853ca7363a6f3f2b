import { parseArgs } from 'node:util';
import { discordCallbackUrl, robloxCallbackUrl } from '@bloxtr8/api';
import type { Logger } from '@bloxtr8/platform';
import { ConfigError, createLogger, isLoopbackUrl, loadConfig } from '@bloxtr8/platform';
import {
  startDiscordSandbox,
  startRobloxSandbox,
  startStripeSandbox,
} from '../platform/sandbox-doubles.ts';
import {
  formatEnvironment,
  sandboxEnvironment,
  writeSandboxEnvironment,
} from '../platform/sandbox-environment.ts';
import type { SandboxHome } from '../platform/sandbox-home.ts';
import { openSandboxHome } from '../platform/sandbox-home.ts';
import { writeSandboxManifest } from '../platform/sandbox-manifest.ts';
import { untilStopSignal } from '../platform/until-stop-signal.ts';
import { startUsdcSandbox } from '../platform/usdc-sandbox.ts';

const USAGE = 'usage: bloxtr8 sandbox [--webhook-url URL]';

type Stopper = () => Promise<void>;

/**
 * `bloxtr8 sandbox`: the provider sandboxes (Stripe, Discord sign-in, Roblox) as a process of
 * their own, for running scaled out without provider accounts. It keeps its state and
 * credentials in the data folder like `bloxtr8 start`, delivers Stripe's webhooks to the
 * gateways (`$PUBLIC_URL/webhooks/stripe`, or --webhook-url), writes sandbox.json and
 * sandbox.env, and prints the variables the service processes need.
 */
export async function runSandbox(args: readonly string[]): Promise<number> {
  let webhookOption: string | undefined;
  try {
    webhookOption = parseArgs({ args: [...args], options: { 'webhook-url': { type: 'string' } } })
      .values['webhook-url'];
  } catch {
    console.error(`bloxtr8: ${USAGE}`);
    return 64;
  }
  const config = loadConfig(process.env);
  const publicUrl = config.identity.publicUrl;
  const webhookUrl = webhookOption ?? new URL('/webhooks/stripe', publicUrl).toString();
  if (!isLoopbackUrl(publicUrl) || !isLoopbackUrl(webhookUrl)) {
    throw new ConfigError(
      'bloxtr8 sandbox: PUBLIC_URL and --webhook-url must be loopback addresses: the sandboxes let anyone sign in as anyone and pay with no money',
    );
  }
  const logger = createLogger({ level: config.logLevel, name: 'bloxtr8-sandbox' });
  const stoppers: Stopper[] = [];
  const stop = async () => {
    for (const stopper of stoppers.reverse()) await stopper();
  };
  try {
    const home = await openSandboxHome(config.dataDir);
    stoppers.push(() => home.close());
    await startSandboxes(
      home,
      { dataDir: config.dataDir, publicUrl, webhookUrl },
      logger,
      stoppers,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return untilStopSignal(stop, logger);
}

interface SandboxPlace {
  readonly dataDir: string;
  readonly publicUrl: URL;
  readonly webhookUrl: string;
}

async function startSandboxes(
  home: SandboxHome,
  place: SandboxPlace,
  logger: Logger,
  stoppers: Stopper[],
): Promise<void> {
  const { dataDir, publicUrl, webhookUrl } = place;
  const stripe = await startStripeSandbox(home, logger, webhookUrl);
  stoppers.push(() => stripe.close());
  const discord = await startDiscordSandbox(home, logger, [discordCallbackUrl(publicUrl)]);
  stoppers.push(() => discord.close());
  // Discord would POST interactions to the application's endpoint: the gateways (or the bots).
  await discord.control.setInteractionsUrl(new URL('/interactions', publicUrl).toString());
  const roblox = await startRobloxSandbox(home, logger, [robloxCallbackUrl(publicUrl)]);
  stoppers.push(() => roblox.close());
  const usdc = await startUsdcSandbox(home, logger);
  stoppers.push(() => usdc.close());
  const urls = {
    stripe: stripe.url,
    discord: discord.url,
    roblox: roblox.url,
    usdc: usdc.faucet.url,
    trm: usdc.trm.url,
    chainalysis: usdc.chainalysis.url,
  };
  stoppers.push(
    await writeSandboxManifest(dataDir, {
      gatewayUrl: publicUrl.href.replace(/\/$/, ''),
      botToken: home.settings.botToken,
      sandboxes: urls,
    }),
  );
  const environment = formatEnvironment(
    sandboxEnvironment(home.settings, { ...urls, usdcRpc: usdc.chain.rpcUrl }, publicUrl, discord),
  );
  const envFile = await writeSandboxEnvironment(dataDir, environment);
  stoppers.push(envFile.remove);
  console.error(
    `bloxtr8: SANDBOX providers running (no real money, no real accounts): Stripe at ${stripe.url}, Discord at ${discord.url}, Roblox at ${roblox.url}, USDC chain at ${usdc.chain.rpcUrl} (faucet ${usdc.faucet.url}); Stripe webhooks go to ${webhookUrl}`,
  );
  console.error(
    `bloxtr8: start the service processes with these variables (also in ${envFile.path}):`,
  );
  console.log(environment);
}

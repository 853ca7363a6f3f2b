import type { Logger } from '@bloxtr8/platform';
import type { DiscordDouble } from '@bloxtr8/sandbox/discord';
import { startDiscordDouble } from '@bloxtr8/sandbox/discord';
import type { RobloxDouble } from '@bloxtr8/sandbox/roblox';
import { startRobloxDouble } from '@bloxtr8/sandbox/roblox';
import type { StripeDouble } from '@bloxtr8/sandbox/stripe';
import { startStripeDouble } from '@bloxtr8/sandbox/stripe';
import type { SandboxHome } from './sandbox-home.ts';
import type { SandboxProvider } from './sandbox-manifest.ts';

/**
 * The provider doubles as sandboxes of the product: on the ports, with the credentials and with
 * the state of their earlier runs in the data folder (see sandbox-home.ts), so a restart keeps
 * every account, payment, game and link.
 */
export function startStripeSandbox(
  home: SandboxHome,
  logger: Logger,
  webhookUrl?: string,
): Promise<StripeDouble> {
  const { secretKey, webhookSecret } = home.settings.stripe;
  return onRememberedPort(home, 'stripe', logger, (port) =>
    startStripeDouble({
      port,
      apiKeys: [secretKey],
      stateFile: home.stateFile('stripe'),
      logger: logger.child({ component: 'stripe-sandbox' }),
      ...(webhookUrl === undefined
        ? {}
        : { webhookEndpoint: { url: webhookUrl, secret: webhookSecret } }),
    }),
  );
}

const discordSandboxes = new WeakMap<SandboxHome, Promise<DiscordDouble>>();

/**
 * The Discord double of this process (sign-in and the bot's side share one): started by whichever
 * needs it first, with its remembered bot token and signing key; closing it twice is harmless.
 */
export function startDiscordSandbox(
  home: SandboxHome,
  logger: Logger,
  redirectUris: readonly string[],
): Promise<DiscordDouble> {
  let started = discordSandboxes.get(home);
  if (started === undefined) {
    started = startDiscordDoubleOnce(home, logger, redirectUris);
    discordSandboxes.set(home, started);
  }
  return started;
}

async function startDiscordDoubleOnce(
  home: SandboxHome,
  logger: Logger,
  redirectUris: readonly string[],
): Promise<DiscordDouble> {
  const { botToken, signingKey } = home.settings.discord;
  const double = await startOAuthSandbox(home, logger, 'discord', redirectUris, (options) =>
    startDiscordDouble({
      ...options,
      botToken,
      ...(signingKey === undefined ? {} : { signingKey }),
    }),
  );
  await home.rememberSigningKey(double.signingKey);
  let closing: Promise<void> | undefined;
  return { ...double, close: () => (closing ??= double.close()) };
}

export function startRobloxSandbox(
  home: SandboxHome,
  logger: Logger,
  redirectUris: readonly string[],
): Promise<RobloxDouble> {
  return startOAuthSandbox(home, logger, 'roblox', redirectUris, startRobloxDouble);
}

/** What the Discord and Roblox doubles both take: an OAuth application and where to keep state. */
interface OAuthDoubleOptions {
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  readonly stateFile: string;
}

function startOAuthSandbox<Double extends { readonly port: number }>(
  home: SandboxHome,
  logger: Logger,
  provider: 'discord' | 'roblox',
  redirectUris: readonly string[],
  start: (options: OAuthDoubleOptions) => Promise<Double>,
): Promise<Double> {
  const { clientId, clientSecret } = home.settings[provider];
  const stateFile = home.stateFile(provider);
  return onRememberedPort(home, provider, logger, (port) =>
    start({ port, clientId, clientSecret, redirectUris, stateFile }),
  );
}

/** Listens where the last run did; if another program has taken that port, says so and moves. */
export async function onRememberedPort<Double extends { readonly port: number }>(
  home: SandboxHome,
  provider: SandboxProvider,
  logger: Logger,
  start: (port: number) => Promise<Double>,
): Promise<Double> {
  const remembered = home.settings[provider].port;
  let started: Double;
  try {
    started = await start(remembered ?? 0);
  } catch (error) {
    if (remembered === null || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    started = await start(0);
    logger.warn(
      { provider, was: remembered, now: started.port },
      `SANDBOX ${provider}: port ${remembered} is taken, moved to ${started.port}; links to the old address no longer work`,
    );
  }
  await home.rememberPort(provider, started.port);
  return started;
}

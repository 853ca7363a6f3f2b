import { discordCallbackUrl } from '@bloxtr8/api';
import type { REST } from '@bloxtr8/discord-kit';
import { createDiscordRest } from '@bloxtr8/discord-kit';
import type { Logger, PlatformConfig } from '@bloxtr8/platform';
import { ConfigError, isLoopbackUrl } from '@bloxtr8/platform';
import type { DiscordDouble } from '@bloxtr8/sandbox/discord';
import { startDiscordSandbox } from './sandbox-doubles.ts';
import type { SandboxHome } from './sandbox-home.ts';

/** The Discord application the bot and the notifications speak for, and their REST client. */
export interface DiscordBotRuntime {
  readonly applicationId: string;
  readonly publicKeyHex: string;
  readonly rest: REST;
  /** The sandbox double when no application is configured: it needs the interactions URL. */
  readonly sandbox: DiscordDouble | undefined;
  close(): Promise<void>;
}

/**
 * The configured Discord application, or, without one, the Discord double's bot side as a clearly
 * labelled sandbox (it signs interactions with its own key and records every message). Like every
 * sandbox it is refused for a non-loopback PUBLIC_URL.
 */
export async function resolveDiscordBot(
  config: PlatformConfig,
  logger: Logger,
  openSandboxHome: () => Promise<SandboxHome>,
): Promise<DiscordBotRuntime> {
  const bot = config.discordBot;
  if (bot.mode === 'live') {
    const rest = createDiscordRest({ apiUrl: bot.restApiUrl, botToken: bot.botToken.reveal() });
    return {
      applicationId: bot.applicationId,
      publicKeyHex: bot.publicKeyHex,
      rest,
      sandbox: undefined,
      close: async () => {},
    };
  }
  const publicUrl = config.identity.publicUrl;
  if (!isLoopbackUrl(publicUrl.toString())) {
    throw new ConfigError(
      'DISCORD_APPLICATION_ID, DISCORD_PUBLIC_KEY and DISCORD_BOT_TOKEN are required when PUBLIC_URL is not a loopback address: the Discord bot sandbox signs interactions with its own key',
    );
  }
  const double = await startDiscordSandbox(await openSandboxHome(), logger, [
    discordCallbackUrl(publicUrl),
  ]);
  logger.warn(
    { sandbox: double.url },
    'SANDBOX Discord bot: no DISCORD_APPLICATION_ID set; interactions, DMs and listing posts go to a local Discord double',
  );
  return {
    applicationId: double.applicationId,
    publicKeyHex: double.publicKeyHex,
    rest: createDiscordRest({ apiUrl: double.restApiUrl, botToken: double.botToken }),
    sandbox: double,
    close: () => double.close(),
  };
}

/**
 * Where a buyer pays an escrow: the Stripe sandbox's payment page when Stripe is a double (in this
 * process, or `bloxtr8 sandbox`'s at a loopback STRIPE_API_URL), else the web app's payment page.
 */
export function payUrlFor(config: PlatformConfig, stripeSandboxUrl: string | undefined) {
  const stripe = config.stripe;
  const loopbackApi =
    stripe.mode === 'live' && stripe.apiUrl !== undefined && isLoopbackUrl(stripe.apiUrl.toString())
      ? stripe.apiUrl.toString().replace(/\/$/, '')
      : undefined;
  const sandboxPage = stripeSandboxUrl ?? loopbackApi;
  return (
    escrowId: string,
    payment: { readonly providerPaymentId: string | null; readonly clientSecret: string | null },
  ): string | null => {
    if (sandboxPage === undefined) {
      return new URL(`/escrow/${escrowId}/pay`, config.identity.publicUrl).toString();
    }
    if (payment.providerPaymentId === null || payment.clientSecret === null) return null;
    const page = new URL(`/__sandbox/pay/${payment.providerPaymentId}`, sandboxPage);
    page.searchParams.set('client_secret', payment.clientSecret);
    return page.toString();
  };
}

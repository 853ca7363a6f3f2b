import type { StripeSettings } from '@bloxtr8/payments';
import type { Logger, StripeConfig } from '@bloxtr8/platform';
import { ConfigError, isLoopbackUrl, Secret } from '@bloxtr8/platform';
import { startStripeSandbox } from './sandbox-doubles.ts';
import type { SandboxHome } from './sandbox-home.ts';

export interface StripeRail {
  readonly settings: StripeSettings;
  /** The sandbox's address for people (its payment page), when running the sandbox. */
  readonly sandboxUrl: string | undefined;
  /** Tells the sandbox where to deliver its signed webhooks once the gateway listens. */
  connectWebhooks(gatewayUrl: string): Promise<void>;
  close(): Promise<void>;
}

function connectionTo(apiUrl: URL | undefined) {
  if (apiUrl === undefined) return {};
  const protocol = apiUrl.protocol === 'http:' ? ('http' as const) : ('https' as const);
  const port = apiUrl.port === '' ? (protocol === 'http' ? 80 : 443) : Number(apiUrl.port);
  return { host: apiUrl.hostname, port, protocol };
}

/**
 * The Stripe rail this process uses: real Stripe with the configured keys, or, when no key is
 * set, the loopback Stripe double as a clearly labelled sandbox (no real money, no account needed).
 * Like the other sandboxes it is refused unless PUBLIC_URL is a loopback address: a public
 * deployment without keys would take "payments" that move no money.
 */
export async function resolveStripeRail(
  config: StripeConfig,
  publicUrl: URL,
  logger: Logger,
  openSandboxHome: () => Promise<SandboxHome>,
): Promise<StripeRail> {
  if (config.mode === 'live') {
    return {
      settings: {
        connection: { secretKey: config.secretKey, ...connectionTo(config.apiUrl) },
        webhookSecret: config.webhookSecret,
      },
      sandboxUrl: undefined,
      connectWebhooks: async () => {},
      close: async () => {},
    };
  }
  if (!isLoopbackUrl(publicUrl)) {
    throw new ConfigError(
      'invalid configuration: STRIPE_SECRET_KEY: is required when PUBLIC_URL is not a loopback address: the Stripe sandbox takes payments that move no real money',
    );
  }
  const home = await openSandboxHome();
  const sandbox = await startStripeSandbox(home, logger);
  const { secretKey, webhookSecret } = home.settings.stripe;
  logger.warn(
    { sandbox: sandbox.url },
    'SANDBOX payments: no STRIPE_SECRET_KEY set; no real money moves',
  );
  return {
    settings: {
      connection: {
        secretKey: new Secret(secretKey),
        host: '127.0.0.1',
        port: sandbox.port,
        protocol: 'http',
      },
      webhookSecret: new Secret(webhookSecret),
    },
    sandboxUrl: sandbox.url,
    connectWebhooks: async (gatewayUrl) => {
      await sandbox.control.setWebhookEndpoint({
        url: `${gatewayUrl}/webhooks/stripe`,
        secret: webhookSecret,
      });
    },
    close: () => sandbox.close(),
  };
}

import type { StripeSettings } from '@bloxtr8/payments';
import type { Logger, PlatformConfig, StripeConfig } from '@bloxtr8/platform';
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

/** What a gateway without Stripe keys leaves out, and where the payments service must run. */
const STRIPE_OFF_IN_GATEWAY =
  'Stripe routes off in this gateway (no STRIPE_SECRET_KEY): POST /webhooks/stripe and the payout routes /api/me/payout-account are not served; give every gateway the STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET of the payments service (`bloxtr8 run payments`, which needs them too; `bloxtr8 sandbox` prints sandbox ones)';

/**
 * Stripe is needed where payments run or where the gateway takes Stripe's webhooks. The sandbox
 * only works when both share this process (it delivers webhooks to this gateway).
 */
export function stripeRailFor(context: {
  readonly services: ReadonlySet<string>;
  readonly config: PlatformConfig;
  readonly logger: Logger;
  readonly sandboxHome: () => Promise<SandboxHome>;
}): Promise<StripeRail | undefined> | undefined {
  const { services, config, logger } = context;
  if (!services.has('payments') && !services.has('gateway')) return undefined;
  if (config.stripe.mode === 'sandbox' && !(services.has('payments') && services.has('gateway'))) {
    if (services.has('gateway')) {
      logger.warn(STRIPE_OFF_IN_GATEWAY);
      return undefined;
    }
    throw new ConfigError(
      'STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are required to run payments on their own: real Stripe keys, or the ones `bloxtr8 sandbox` prints',
    );
  }
  return resolveStripeRail(config.stripe, config.identity.publicUrl, logger, context.sandboxHome);
}

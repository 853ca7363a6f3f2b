import type { DiscordClientSettings, IdentityGateway } from '@bloxtr8/api';
import { discordCallbackUrl, identityGateway } from '@bloxtr8/api';
import type { Database } from '@bloxtr8/db';
import type { IdentityConfig, Logger } from '@bloxtr8/platform';
import { Secret } from '@bloxtr8/platform';
import { startDiscordSandbox } from './sandbox-doubles.ts';
import type { SandboxHome } from './sandbox-home.ts';

export interface IdentityRuntime {
  /** The gateway's identity parts (authenticator, routes, plugins) on this database. */
  gatewayFor(db: Database): IdentityGateway;
  /** The Discord sign-in sandbox's address, when running it. */
  readonly discordSandboxUrl: string | undefined;
  /** The sandbox's own bot credential (the same at every start) when none is configured. */
  readonly sandboxBotToken: Secret | undefined;
  close(): Promise<void>;
}

/**
 * Sign-in as configured: real Discord with the configured application, or, when none is set,
 * the loopback Discord double as a clearly labelled sandbox (anyone signs in as any Discord user,
 * which the configuration allows only on a loopback PUBLIC_URL). Without SESSION_SECRET or
 * BOT_API_TOKEN (allowed only with that sandbox) the sandbox's own, kept in the data folder, are
 * used: they stay the same across restarts, so CSRF tokens and the bot credential keep working.
 */
export async function resolveIdentity(
  config: IdentityConfig,
  logger: Logger,
  openSandboxHome: () => Promise<SandboxHome>,
): Promise<IdentityRuntime> {
  const home = config.discord.mode === 'live' ? undefined : await openSandboxHome();
  const sessionSecret = config.sessionSecret ?? sandboxSecret(home?.settings.sessionSecret);
  const sandboxBotToken =
    config.botToken === undefined && home !== undefined
      ? new Secret(home.settings.botToken)
      : undefined;
  const botToken = config.botToken ?? sandboxBotToken;
  if (botToken === undefined) {
    logger.warn('no BOT_API_TOKEN set: the Discord bot cannot call the API');
  } else if (sandboxBotToken !== undefined) {
    logger.warn(
      'SANDBOX bot credential: no BOT_API_TOKEN set; using the sandbox one (see sandbox.json in the data folder)',
    );
  }
  const { discord, discordSandboxUrl, close } =
    home === undefined || config.discord.mode === 'live'
      ? liveSignIn(config)
      : await sandboxSignIn(home, config.publicUrl, logger);
  return {
    gatewayFor: (db) =>
      identityGateway({
        db,
        discord,
        publicUrl: config.publicUrl,
        botToken,
        sessionSecret,
        sessionPolicy: { ttlMs: config.sessionTtlMs },
        adminDiscordIds: config.adminDiscordIds,
        rateLimit: {
          perMinute: config.rateLimitPerMinute,
          ...(config.redisUrl === undefined ? {} : { redisUrl: config.redisUrl }),
        },
      }),
    discordSandboxUrl,
    sandboxBotToken,
    close,
  };
}

interface SignIn {
  readonly discord: DiscordClientSettings;
  readonly discordSandboxUrl: string | undefined;
  readonly close: () => Promise<void>;
}

function liveSignIn(config: IdentityConfig): SignIn {
  if (config.discord.mode !== 'live') throw new Error('the sign-in sandbox needs its home');
  return { discord: config.discord, discordSandboxUrl: undefined, close: async () => {} };
}

async function sandboxSignIn(home: SandboxHome, publicUrl: URL, logger: Logger): Promise<SignIn> {
  const sandbox = await startDiscordSandbox(home, logger, [discordCallbackUrl(publicUrl)]);
  logger.warn(
    { sandbox: sandbox.url },
    'SANDBOX sign-in: no DISCORD_CLIENT_ID set; anyone can sign in as any Discord user',
  );
  return {
    discord: {
      clientId: sandbox.clientId,
      clientSecret: new Secret(sandbox.clientSecret),
      apiUrl: new URL(sandbox.url),
    },
    discordSandboxUrl: sandbox.url,
    close: () => sandbox.close(),
  };
}

/** The configuration refuses a missing SESSION_SECRET unless sign-in is the sandbox. */
function sandboxSecret(value: string | undefined): Secret {
  if (value === undefined)
    throw new Error('SESSION_SECRET is required without the sign-in sandbox');
  return new Secret(value);
}

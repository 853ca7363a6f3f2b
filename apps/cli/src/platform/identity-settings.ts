import { randomBytes } from 'node:crypto';
import type { DiscordClientSettings, IdentityGateway } from '@bloxtr8/api';
import { discordCallbackUrl, identityGateway } from '@bloxtr8/api';
import type { Database } from '@bloxtr8/db';
import type { IdentityConfig, Logger } from '@bloxtr8/platform';
import { Secret } from '@bloxtr8/platform';
import { startDiscordDouble } from '@bloxtr8/sandbox/discord';

export interface IdentityRuntime {
  /** The gateway's identity parts (authenticator, routes, plugins) on this database. */
  gatewayFor(db: Database): IdentityGateway;
  /** The Discord sign-in sandbox's address, when running it. */
  readonly discordSandboxUrl: string | undefined;
  /** The bot credential made up for this run of the sandbox when none is configured. */
  readonly sandboxBotToken: Secret | undefined;
  close(): Promise<void>;
}

/**
 * Sign-in as configured: real Discord with the configured application, or, when none is set,
 * the loopback Discord double as a clearly labelled sandbox (anyone signs in as any Discord user,
 * which the configuration allows only on a loopback PUBLIC_URL). A missing SESSION_SECRET is
 * generated for this run (allowed only in that case too).
 */
export async function resolveIdentity(
  config: IdentityConfig,
  logger: Logger,
): Promise<IdentityRuntime> {
  const sessionSecret = config.sessionSecret ?? generatedSessionSecret(logger);
  const sandboxBotToken =
    config.botToken === undefined && config.discord.mode !== 'live'
      ? new Secret(randomBytes(32).toString('base64url'))
      : undefined;
  const botToken = config.botToken ?? sandboxBotToken;
  if (botToken === undefined) {
    logger.warn('no BOT_API_TOKEN set: the Discord bot cannot call the API');
  } else if (sandboxBotToken !== undefined) {
    logger.warn(
      'SANDBOX bot credential: no BOT_API_TOKEN set; one was made up for this run (see sandbox.json in the data folder)',
    );
  }
  let discord: DiscordClientSettings;
  let close = async () => {};
  let discordSandboxUrl: string | undefined;
  if (config.discord.mode === 'live') {
    discord = config.discord;
  } else {
    const sandbox = await startDiscordDouble({
      redirectUris: [discordCallbackUrl(config.publicUrl)],
    });
    discord = {
      clientId: sandbox.clientId,
      clientSecret: new Secret(sandbox.clientSecret),
      apiUrl: new URL(sandbox.url),
    };
    close = () => sandbox.close();
    discordSandboxUrl = sandbox.url;
    logger.warn(
      { sandbox: sandbox.url },
      'SANDBOX sign-in: no DISCORD_CLIENT_ID set; anyone can sign in as any Discord user',
    );
  }
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

function generatedSessionSecret(logger: Logger): Secret {
  logger.warn(
    'no SESSION_SECRET set: using a new one for this run; pages must fetch a new CSRF token after a restart',
  );
  return new Secret(randomBytes(32).toString('base64url'));
}

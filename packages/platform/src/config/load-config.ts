import { z } from 'zod';
import { ZDatabaseUrl } from './database-config.ts';
import type { DiscordBotConfig } from './discord-bot-config.ts';
import {
  discordBotConfigOf,
  discordBotEnvironment,
  discordBotProblems,
} from './discord-bot-config.ts';
import type { FilesConfig } from './files-config.ts';
import { filesConfigOf, filesEnvironment, filesProblems } from './files-config.ts';
import type { IdentityConfig } from './identity-config.ts';
import { identityConfigOf, identityEnvironment, identityProblems } from './identity-config.ts';
import type { KafkaConfig } from './kafka-config.ts';
import { kafkaConfigOf, kafkaEnvironment, kafkaProblems } from './kafka-config.ts';
import type { TrustProxy } from './proxy-config.ts';
import { proxyEnvironment } from './proxy-config.ts';
import type { RobloxConfig } from './roblox-config.ts';
import { robloxConfigOf, robloxEnvironment, robloxProblems } from './roblox-config.ts';
import type { EscrowConfig, StripeConfig } from './trading-config.ts';
import {
  escrowConfigOf,
  stripeConfigOf,
  tradingEnvironment,
  tradingProblems,
} from './trading-config.ts';
import type { ScreeningConfig, UsdcConfig } from './usdc-config.ts';
import { screeningConfigOf, usdcConfigOf, usdcEnvironment, usdcProblems } from './usdc-config.ts';

/**
 * Every environment variable the platform reads, validated once at start by the composition root
 * and passed down as a typed value. `.env.example` documents each of them; keep the two in step.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const ZEnvironment = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    ...proxyEnvironment,
    BLOXTR8_DATA_DIR: z.string().min(1).default('./.data'),
    DATABASE_URL: ZDatabaseUrl,
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    ...kafkaEnvironment,
    ...tradingEnvironment,
    ...usdcEnvironment,
    ...identityEnvironment,
    ...discordBotEnvironment,
    ...robloxEnvironment,
    ...filesEnvironment,
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  })
  .superRefine((env, context) => {
    for (const problem of [
      ...kafkaProblems(env),
      ...tradingProblems(env),
      ...usdcProblems(env),
      ...identityProblems(env),
      ...discordBotProblems(env),
      ...robloxProblems(env),
      ...filesProblems(env),
    ]) {
      context.addIssue({ code: 'custom', ...problem });
    }
  });

export type TEnvironment = z.infer<typeof ZEnvironment>;

export interface PlatformConfig {
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** Which peers' X-Forwarded-For names the client (rate limits, audit log). */
    readonly trustProxy: TrustProxy;
  };
  /** PostgreSQL when a URL is given, the embedded PGlite under `dataDir` otherwise. */
  readonly database:
    | { readonly kind: 'postgres'; readonly url: string; readonly poolMax: number }
    | { readonly kind: 'pglite'; readonly dataDir: string };
  readonly dataDir: string;
  /** Apache Kafka when brokers are given, the embedded log in the database otherwise. */
  readonly kafka: KafkaConfig;
  readonly escrow: EscrowConfig;
  readonly stripe: StripeConfig;
  /** USDC on Base: a real chain, or the labelled anvil sandbox. */
  readonly usdc: UsdcConfig;
  /** TRM Labs and Chainalysis, or their loopback doubles. */
  readonly screening: ScreeningConfig;
  readonly identity: IdentityConfig;
  /** The Discord bot's application (interactions, DMs, listing posts), or its sandbox. */
  readonly discordBot: DiscordBotConfig;
  readonly roblox: RobloxConfig;
  /** Where contract PDFs are kept: `$BLOXTR8_DATA_DIR/files`, or an S3-compatible bucket. */
  readonly files: FilesConfig;
  readonly logLevel: (typeof LOG_LEVELS)[number];
}

/** A configuration problem, worded as one line an operator can act on. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(
  environment: Readonly<Record<string, string | undefined>>,
): PlatformConfig {
  const parsed = ZEnvironment.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  return {
    http: { host: env.HOST, port: env.PORT, trustProxy: env.TRUST_PROXY },
    database:
      env.DATABASE_URL === undefined
        ? { kind: 'pglite', dataDir: `${env.BLOXTR8_DATA_DIR}/pglite` }
        : { kind: 'postgres', url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX },
    dataDir: env.BLOXTR8_DATA_DIR,
    kafka: kafkaConfigOf(env),
    escrow: escrowConfigOf(env),
    stripe: stripeConfigOf(env),
    usdc: usdcConfigOf(env),
    screening: screeningConfigOf(env),
    identity: identityConfigOf(env),
    discordBot: discordBotConfigOf(env),
    roblox: robloxConfigOf(env),
    files: filesConfigOf(env),
    logLevel: env.LOG_LEVEL,
  };
}

import { z } from 'zod';
import { Secret } from '../secret.ts';
import { isLoopbackUrl } from './loopback-url.ts';
import type { ConfigProblem } from './text-fields.ts';
import { optionalText, wholeNumber } from './text-fields.ts';

const HOUR_MS = 3_600_000;

/** Shared secrets shorter than this are refused: 32 characters of a random string, at least. */
const SECRET_LENGTH_MIN = 32;

const ZSharedSecret = optionalText.pipe(
  z
    .string()
    .min(SECRET_LENGTH_MIN, `must be at least ${SECRET_LENGTH_MIN} characters (use a random value)`)
    .optional(),
);

const DISCORD_ID = /^[0-9]{5,25}$/;

/** Comma-separated Discord user ids (snowflakes); empty means none. */
const ZDiscordIdList = optionalText.transform((value, context): readonly string[] => {
  const ids = value === undefined ? [] : value.split(',').map((id) => id.trim());
  const invalid = ids.find((id) => !DISCORD_ID.test(id));
  if (invalid === undefined) return [...new Set(ids)];
  context.addIssue({ code: 'custom', message: `"${invalid}" is not a Discord user id` });
  return z.NEVER;
});

/** Sign-in, sessions, the bot credential and rate limits (see .env.example). */
export const identityEnvironment = {
  DISCORD_CLIENT_ID: optionalText.pipe(
    z.string().regex(DISCORD_ID, 'is not a Discord application id').optional(),
  ),
  DISCORD_CLIENT_SECRET: optionalText,
  DISCORD_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  BOT_API_TOKEN: ZSharedSecret,
  SESSION_SECRET: ZSharedSecret,
  SESSION_TTL_HOURS: wholeNumber(1, 24 * 30).default(7 * 24),
  REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  RATE_LIMIT_PER_MINUTE: wholeNumber(1, 1_000_000).default(120),
  ADMIN_DISCORD_IDS: ZDiscordIdList,
};

type IdentityEnvironment = z.infer<z.ZodObject<typeof identityEnvironment>> & {
  readonly PORT: number;
};

/**
 * Sign-in with Discord. `sandbox` when no client id is set: the platform then runs a loopback
 * Discord double, clearly labelled, where anyone signs in as any test user.
 */
export type DiscordSignInConfig =
  | { readonly mode: 'sandbox' }
  | {
      readonly mode: 'live';
      readonly clientId: string;
      readonly clientSecret: Secret;
      /** https://discord.com unless pointed elsewhere (e.g. a double). */
      readonly apiUrl: URL;
    };

export interface IdentityConfig {
  readonly discord: DiscordSignInConfig;
  /** Where browsers reach the gateway: OAuth callbacks and the cookies' Secure flag follow it. */
  readonly publicUrl: URL;
  /** The Discord bot's credential (`Authorization: Bot …`); the bot cannot call when undefined. */
  readonly botToken: Secret | undefined;
  /** CSRF token key; undefined means "generate one per start" (only allowed in the sandbox). */
  readonly sessionSecret: Secret | undefined;
  readonly sessionTtlMs: number;
  /** Shared rate-limit counters for several gateway processes; in-memory when undefined. */
  readonly redisUrl: Secret | undefined;
  readonly rateLimitPerMinute: number;
  /** Discord users made ADMIN when they sign up or sign in (bootstrapping the first admin). */
  readonly adminDiscordIds: readonly string[];
}

export function identityProblems(env: IdentityEnvironment): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (env.DISCORD_CLIENT_ID !== undefined && env.DISCORD_CLIENT_SECRET === undefined) {
    problems.push({
      path: ['DISCORD_CLIENT_SECRET'],
      message: 'is required when DISCORD_CLIENT_ID is set',
    });
  }
  if (env.DISCORD_CLIENT_ID === undefined && env.DISCORD_CLIENT_SECRET !== undefined) {
    problems.push({
      path: ['DISCORD_CLIENT_SECRET'],
      message: 'is set but DISCORD_CLIENT_ID is empty',
    });
  }
  if (
    env.DISCORD_CLIENT_ID === undefined &&
    env.PUBLIC_URL !== undefined &&
    !isLoopbackUrl(env.PUBLIC_URL)
  ) {
    problems.push({
      path: ['DISCORD_CLIENT_ID'],
      message:
        'is required when PUBLIC_URL is not a loopback address: the sign-in sandbox lets anyone sign in as anyone',
    });
  }
  const isPublicHttps = env.PUBLIC_URL?.startsWith('https:') === true;
  if (env.SESSION_SECRET === undefined && (env.DISCORD_CLIENT_ID !== undefined || isPublicHttps)) {
    problems.push({
      path: ['SESSION_SECRET'],
      message: `is required when DISCORD_CLIENT_ID is set or PUBLIC_URL is https (at least ${SECRET_LENGTH_MIN} random characters)`,
    });
  }
  return problems;
}

export function identityConfigOf(env: IdentityEnvironment): IdentityConfig {
  const { DISCORD_CLIENT_ID: clientId, DISCORD_CLIENT_SECRET: clientSecret } = env;
  return {
    discord:
      clientId === undefined || clientSecret === undefined
        ? { mode: 'sandbox' }
        : {
            mode: 'live',
            clientId,
            clientSecret: new Secret(clientSecret),
            apiUrl: new URL(env.DISCORD_API_URL ?? 'https://discord.com'),
          },
    publicUrl: new URL(env.PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`),
    botToken: env.BOT_API_TOKEN === undefined ? undefined : new Secret(env.BOT_API_TOKEN),
    sessionSecret: env.SESSION_SECRET === undefined ? undefined : new Secret(env.SESSION_SECRET),
    sessionTtlMs: env.SESSION_TTL_HOURS * HOUR_MS,
    redisUrl: env.REDIS_URL === undefined ? undefined : new Secret(env.REDIS_URL),
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    adminDiscordIds: env.ADMIN_DISCORD_IDS,
  };
}

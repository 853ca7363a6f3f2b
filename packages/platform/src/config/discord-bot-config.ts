import { z } from 'zod';
import { Secret } from '../secret.ts';
import type { ConfigProblem } from './text-fields.ts';
import { optionalText } from './text-fields.ts';

/** The Discord application the bot answers for, and the token it calls Discord with. */
export const discordBotEnvironment = {
  DISCORD_APPLICATION_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9]{5,25}$/, 'is not a Discord application id')
      .optional(),
  ),
  DISCORD_PUBLIC_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'is not an Ed25519 public key (64 hex characters)')
      .optional(),
  ),
  DISCORD_BOT_TOKEN: optionalText,
};

type DiscordBotEnvironment = z.infer<z.ZodObject<typeof discordBotEnvironment>> & {
  readonly DISCORD_API_URL?: string | undefined;
};

const NAMES = ['DISCORD_APPLICATION_ID', 'DISCORD_PUBLIC_KEY', 'DISCORD_BOT_TOKEN'] as const;

/**
 * `sandbox` when none of the three is set: the platform runs the Discord double's interaction
 * side, which signs interactions with its own key (refused at start for a non-loopback
 * PUBLIC_URL, as the other sandboxes are).
 */
export type DiscordBotConfig =
  | { readonly mode: 'sandbox' }
  | {
      readonly mode: 'live';
      readonly applicationId: string;
      /** Verifies `X-Signature-Ed25519` on every interaction (hex, as the developer portal shows it). */
      readonly publicKeyHex: string;
      readonly botToken: Secret;
      /** Discord's REST API base (`…/api`): https://discord.com/api unless DISCORD_API_URL. */
      readonly restApiUrl: string;
    };

export function discordBotProblems(env: DiscordBotEnvironment): ConfigProblem[] {
  const set = NAMES.filter((name) => env[name] !== undefined);
  if (set.length > 0 && set.length < NAMES.length) {
    return NAMES.filter((name) => env[name] === undefined).map((name) => ({
      path: [name],
      message: `is required when ${set.join(' and ')} ${set.length === 1 ? 'is' : 'are'} set`,
    }));
  }
  return [];
}

export function discordBotConfigOf(env: DiscordBotEnvironment): DiscordBotConfig {
  const { DISCORD_APPLICATION_ID: applicationId, DISCORD_PUBLIC_KEY: publicKey } = env;
  const token = env.DISCORD_BOT_TOKEN;
  if (applicationId === undefined || publicKey === undefined || token === undefined) {
    return { mode: 'sandbox' };
  }
  return {
    mode: 'live',
    applicationId,
    publicKeyHex: publicKey.toLowerCase(),
    botToken: new Secret(token),
    restApiUrl: `${(env.DISCORD_API_URL ?? 'https://discord.com').replace(/\/$/, '')}/api`,
  };
}

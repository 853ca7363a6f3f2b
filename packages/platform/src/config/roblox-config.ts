import { z } from 'zod';
import { Secret } from '../secret.ts';
import type { ConfigProblem } from './text-fields.ts';
import { optionalText, wholeNumber } from './text-fields.ts';

/** Roblox account linking and game verification (see .env.example). */
export const robloxEnvironment = {
  ROBLOX_CLIENT_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/, 'is not a Roblox OAuth client id')
      .optional(),
  ),
  ROBLOX_CLIENT_SECRET: optionalText,
  ROBLOX_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ROBLOX_REQUEST_TIMEOUT_MS: wholeNumber(100, 60_000).default(5_000),
};

type RobloxEnvironment = z.infer<z.ZodObject<typeof robloxEnvironment>>;

/**
 * `sandbox` when no client id is set: the platform then runs a loopback Roblox double, clearly
 * labelled, where anyone links any test account (allowed only on a loopback PUBLIC_URL).
 */
export type RobloxConfig =
  | { readonly mode: 'sandbox'; readonly requestTimeoutMs: number }
  | {
      readonly mode: 'live';
      readonly clientId: string;
      readonly clientSecret: Secret;
      /** Every Roblox host under this base, one path prefix each; Roblox's own hosts when undefined. */
      readonly apiUrl: URL | undefined;
      readonly requestTimeoutMs: number;
    };

export function robloxProblems(env: RobloxEnvironment): ConfigProblem[] {
  if (env.ROBLOX_CLIENT_ID !== undefined && env.ROBLOX_CLIENT_SECRET === undefined) {
    return [
      { path: ['ROBLOX_CLIENT_SECRET'], message: 'is required when ROBLOX_CLIENT_ID is set' },
    ];
  }
  if (env.ROBLOX_CLIENT_ID === undefined && env.ROBLOX_CLIENT_SECRET !== undefined) {
    return [{ path: ['ROBLOX_CLIENT_SECRET'], message: 'is set but ROBLOX_CLIENT_ID is empty' }];
  }
  return [];
}

export function robloxConfigOf(env: RobloxEnvironment): RobloxConfig {
  const { ROBLOX_CLIENT_ID: clientId, ROBLOX_CLIENT_SECRET: clientSecret } = env;
  const requestTimeoutMs = env.ROBLOX_REQUEST_TIMEOUT_MS;
  if (clientId === undefined || clientSecret === undefined) {
    return { mode: 'sandbox', requestTimeoutMs };
  }
  return {
    mode: 'live',
    clientId,
    clientSecret: new Secret(clientSecret),
    apiUrl: env.ROBLOX_API_URL === undefined ? undefined : new URL(env.ROBLOX_API_URL),
    requestTimeoutMs,
  };
}

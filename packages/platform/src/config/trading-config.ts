import { z } from 'zod';
import { Secret } from '../secret.ts';
import type { ConfigProblem } from './text-fields.ts';
import { optionalText, wholeNumber } from './text-fields.ts';

const HOUR_MS = 3_600_000;

/** The escrow's timeouts and the payment rails (see .env.example). */
export const tradingEnvironment = {
  ESCROW_FUNDING_TIMEOUT_HOURS: wholeNumber(1, 24 * 365).default(72),
  ESCROW_AUTO_RELEASE_HOURS: wholeNumber(1, 24 * 365).default(7 * 24),
  ESCROW_DISPUTE_ALERT_HOURS: wholeNumber(1, 24 * 365).default(30 * 24),
  ESCROW_SWEEP_INTERVAL_SECONDS: wholeNumber(1, 3600).default(30),
  PLATFORM_FEE_BPS: wholeNumber(0, 10_000).default(500),
  STRIPE_SECRET_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'is not a Stripe secret or restricted key')
      .optional(),
  ),
  STRIPE_WEBHOOK_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^whsec_[A-Za-z0-9]+$/, 'is not a Stripe webhook signing secret')
      .optional(),
  ),
  STRIPE_API_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
};

type TradingEnvironment = z.infer<z.ZodObject<typeof tradingEnvironment>>;

export interface EscrowConfig {
  readonly fundingTimeoutMs: number;
  readonly autoReleaseMs: number;
  readonly disputeAlertMs: number;
  readonly sweepIntervalMs: number;
  readonly platformFeeBps: number;
}

/**
 * The Stripe rail. `sandbox` when no key is set: the platform then runs its loopback Stripe double,
 * clearly labelled, so a newcomer can trade end to end without any account.
 */
export type StripeConfig =
  | { readonly mode: 'sandbox' }
  | {
      readonly mode: 'live';
      readonly secretKey: Secret;
      readonly webhookSecret: Secret;
      /** Another Stripe-compatible endpoint (e.g. a mock); Stripe's own API when undefined. */
      readonly apiUrl: URL | undefined;
    };

export function tradingProblems(env: TradingEnvironment): ConfigProblem[] {
  if (env.STRIPE_SECRET_KEY !== undefined && env.STRIPE_WEBHOOK_SECRET === undefined) {
    return [
      { path: ['STRIPE_WEBHOOK_SECRET'], message: 'is required when STRIPE_SECRET_KEY is set' },
    ];
  }
  if (env.STRIPE_SECRET_KEY === undefined && env.STRIPE_WEBHOOK_SECRET !== undefined) {
    return [{ path: ['STRIPE_WEBHOOK_SECRET'], message: 'is set but STRIPE_SECRET_KEY is empty' }];
  }
  return [];
}

export function escrowConfigOf(env: TradingEnvironment): EscrowConfig {
  return {
    fundingTimeoutMs: env.ESCROW_FUNDING_TIMEOUT_HOURS * HOUR_MS,
    autoReleaseMs: env.ESCROW_AUTO_RELEASE_HOURS * HOUR_MS,
    disputeAlertMs: env.ESCROW_DISPUTE_ALERT_HOURS * HOUR_MS,
    sweepIntervalMs: env.ESCROW_SWEEP_INTERVAL_SECONDS * 1000,
    platformFeeBps: env.PLATFORM_FEE_BPS,
  };
}

export function stripeConfigOf(env: TradingEnvironment): StripeConfig {
  if (env.STRIPE_SECRET_KEY === undefined || env.STRIPE_WEBHOOK_SECRET === undefined)
    return { mode: 'sandbox' };
  return {
    mode: 'live',
    secretKey: new Secret(env.STRIPE_SECRET_KEY),
    webhookSecret: new Secret(env.STRIPE_WEBHOOK_SECRET),
    apiUrl: env.STRIPE_API_URL === undefined ? undefined : new URL(env.STRIPE_API_URL),
  };
}

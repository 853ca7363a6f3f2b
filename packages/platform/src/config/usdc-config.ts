import { z } from 'zod';
import { Secret } from '../secret.ts';
import type { ConfigProblem } from './text-fields.ts';
import { optionalText, wholeNumber } from './text-fields.ts';

const ZEvmAddress = optionalText.pipe(
  z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/, 'is not an EVM address (0x and 40 hex digits)')
    .optional(),
);
const ZHttpUrl = optionalText.pipe(z.url({ protocol: /^https?$/ }).optional());

/** USDC on Base and the wallet-screening providers (see .env.example). */
export const usdcEnvironment = {
  BASE_RPC_URL: ZHttpUrl,
  USDC_CONTRACT_ADDRESS: ZEvmAddress,
  USDC_CONFIRMATIONS: wholeNumber(1, 1_000).default(12),
  USDC_WALLET_MNEMONIC: optionalText,
  USDC_WALLET_MNEMONIC_FILE: optionalText,
  USDC_TREASURY_ADDRESS: ZEvmAddress,
  TRM_API_KEY: optionalText,
  TRM_API_URL: ZHttpUrl,
  CHAINALYSIS_API_KEY: optionalText,
  CHAINALYSIS_API_URL: ZHttpUrl,
};

type UsdcEnvironment = z.infer<z.ZodObject<typeof usdcEnvironment>>;

/** Where the platform's keys come from: the mnemonic itself, or a file holding it. */
export type MnemonicSource =
  | { readonly kind: 'env'; readonly mnemonic: Secret }
  | { readonly kind: 'file'; readonly path: string };

/**
 * The USDC rail. `sandbox` without BASE_RPC_URL: the platform then runs a local anvil chain with a
 * USDC-like token, clearly labelled, so a trade above $10,000 can be tried without real money.
 */
export type UsdcConfig =
  | { readonly mode: 'sandbox'; readonly confirmations: number }
  | {
      readonly mode: 'live';
      readonly rpcUrl: URL;
      readonly contractAddress: string;
      readonly confirmations: number;
      readonly mnemonic: MnemonicSource;
      /** Where fees go; the treasury derived from the mnemonic when undefined. */
      readonly treasuryAddress: string | undefined;
    };

export interface ScreeningProviderConfig {
  readonly apiUrl: URL;
  readonly apiKey: Secret;
}

/** Wallet screening; `sandbox` (the loopback doubles) when no key is set. */
export type ScreeningConfig =
  | { readonly mode: 'sandbox' }
  | {
      readonly mode: 'live';
      readonly trm: ScreeningProviderConfig;
      readonly chainalysis: ScreeningProviderConfig;
    };

const TRM_API_URL = 'https://api.trmlabs.com';
const CHAINALYSIS_API_URL = 'https://public.chainalysis.com';

export function usdcProblems(env: UsdcEnvironment): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const needs = (name: keyof UsdcEnvironment, message: string) => {
    if (env[name] === undefined) problems.push({ path: [name], message });
  };
  if (env.USDC_WALLET_MNEMONIC !== undefined && env.USDC_WALLET_MNEMONIC_FILE !== undefined) {
    problems.push({
      path: ['USDC_WALLET_MNEMONIC_FILE'],
      message: 'is set together with USDC_WALLET_MNEMONIC; set one of them',
    });
  }
  if ((env.TRM_API_KEY === undefined) !== (env.CHAINALYSIS_API_KEY === undefined)) {
    needs('TRM_API_KEY', 'is required with CHAINALYSIS_API_KEY: deposits are screened by both');
    needs('CHAINALYSIS_API_KEY', 'is required with TRM_API_KEY: deposits are screened by both');
  }
  if (env.BASE_RPC_URL === undefined) return problems;
  needs('USDC_CONTRACT_ADDRESS', 'is required with BASE_RPC_URL');
  if (env.USDC_WALLET_MNEMONIC === undefined && env.USDC_WALLET_MNEMONIC_FILE === undefined) {
    needs('USDC_WALLET_MNEMONIC', 'or USDC_WALLET_MNEMONIC_FILE is required with BASE_RPC_URL');
  }
  needs('TRM_API_KEY', 'is required with BASE_RPC_URL: real deposits are screened for real');
  needs(
    'CHAINALYSIS_API_KEY',
    'is required with BASE_RPC_URL: real deposits are screened for real',
  );
  return problems;
}

export function usdcConfigOf(env: UsdcEnvironment): UsdcConfig {
  const confirmations = env.USDC_CONFIRMATIONS;
  if (env.BASE_RPC_URL === undefined || env.USDC_CONTRACT_ADDRESS === undefined) {
    return { mode: 'sandbox', confirmations };
  }
  return {
    mode: 'live',
    rpcUrl: new URL(env.BASE_RPC_URL),
    contractAddress: env.USDC_CONTRACT_ADDRESS.toLowerCase(),
    confirmations,
    mnemonic:
      env.USDC_WALLET_MNEMONIC_FILE === undefined
        ? { kind: 'env', mnemonic: new Secret(env.USDC_WALLET_MNEMONIC ?? '') }
        : { kind: 'file', path: env.USDC_WALLET_MNEMONIC_FILE },
    treasuryAddress: env.USDC_TREASURY_ADDRESS?.toLowerCase(),
  };
}

export function screeningConfigOf(env: UsdcEnvironment): ScreeningConfig {
  if (env.TRM_API_KEY === undefined || env.CHAINALYSIS_API_KEY === undefined) {
    return { mode: 'sandbox' };
  }
  return {
    mode: 'live',
    trm: { apiUrl: new URL(env.TRM_API_URL ?? TRM_API_URL), apiKey: new Secret(env.TRM_API_KEY) },
    chainalysis: {
      apiUrl: new URL(env.CHAINALYSIS_API_URL ?? CHAINALYSIS_API_URL),
      apiKey: new Secret(env.CHAINALYSIS_API_KEY),
    },
  };
}

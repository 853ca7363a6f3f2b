import { readFile } from 'node:fs/promises';
import type { RouteModule } from '@bloxtr8/api';
import { depositReviewRoutes, walletRoutes } from '@bloxtr8/api';
import type { Database } from '@bloxtr8/db';
import { findWallet } from '@bloxtr8/identity';
import type {
  PaymentsService,
  UsdcBaseRail,
  UsdcSettings,
  WalletScreener,
} from '@bloxtr8/payments';
import {
  chainalysisScreening,
  createUsdcBaseRail,
  createUsdcKeyring,
  createWalletScreener,
  trmLabsScreening,
} from '@bloxtr8/payments';
import type { Logger, PlatformConfig, ScreeningConfig } from '@bloxtr8/platform';
import { ConfigError, isLoopbackUrl, Secret, systemClock } from '@bloxtr8/platform';
import type { Address } from 'viem';
import type { SandboxHome } from './sandbox-home.ts';
import type { UsdcSandbox } from './usdc-sandbox.ts';
import { startUsdcSandbox } from './usdc-sandbox.ts';

/** The USDC rail this process runs, with the screener its gateway registers wallets through. */
export interface UsdcRailSetup {
  /** For the payments service; undefined where payments do not run. */
  readonly settings: UsdcSettings | undefined;
  readonly screener: WalletScreener;
  /** The sandbox's addresses (chain faucet, screening doubles), when running the sandbox. */
  readonly sandboxUrls: {
    readonly usdc?: string;
    readonly trm?: string;
    readonly chainalysis?: string;
  };
  close(): Promise<void>;
}

export interface UsdcPlace {
  readonly config: PlatformConfig;
  readonly db: Database;
  readonly logger: Logger;
  readonly runsPayments: boolean;
  readonly runsGateway: boolean;
  readonly openSandboxHome: () => Promise<SandboxHome>;
}

/**
 * The USDC-on-Base rail: the configured chain (BASE_RPC_URL) with the configured keys, or, without
 * one, the labelled sandbox (anvil, a USDC-like token, screening doubles) when payments and the
 * gateway share this process, as the Stripe sandbox does. Undefined where neither needs it, or
 * where a sandbox cannot run (it says so in one line).
 */
export async function resolveUsdcRail(place: UsdcPlace): Promise<UsdcRailSetup | undefined> {
  const { config, logger, runsPayments, runsGateway } = place;
  if (!runsPayments && !runsGateway) return undefined;
  if (config.usdc.mode === 'live') return liveRail(place, config.usdc);
  if (!(runsPayments && runsGateway)) {
    logger.warn(
      'USDC rail off in this process: no BASE_RPC_URL, and its sandbox runs only with payments and the gateway together (`bloxtr8 sandbox` prints the variables for scaled-out processes)',
    );
    return undefined;
  }
  if (!isLoopbackUrl(config.identity.publicUrl)) {
    throw new ConfigError(
      'invalid configuration: BASE_RPC_URL: is required when PUBLIC_URL is not a loopback address: the USDC sandbox takes payments that move no real money',
    );
  }
  return sandboxRail(place);
}

async function liveRail(
  place: UsdcPlace,
  usdc: Extract<PlatformConfig['usdc'], { mode: 'live' }>,
): Promise<UsdcRailSetup> {
  const screener = screenerOf(place.config.screening, undefined);
  const mnemonic =
    usdc.mnemonic.kind === 'env'
      ? usdc.mnemonic.mnemonic
      : new Secret((await readFile(usdc.mnemonic.path, 'utf8')).trim());
  const rail = place.runsPayments
    ? await createUsdcBaseRail({
        rpcUrl: usdc.rpcUrl.href,
        tokenAddress: usdc.contractAddress as Address,
        keyring: createUsdcKeyring(mnemonic, usdc.treasuryAddress as Address | undefined),
        clock: systemClock,
      })
    : undefined;
  return {
    settings: rail === undefined ? undefined : settingsOf(place, rail, screener),
    screener,
    sandboxUrls: {},
    close: async () => {},
  };
}

async function sandboxRail(place: UsdcPlace): Promise<UsdcRailSetup> {
  const home = await place.openSandboxHome();
  const sandbox = await startUsdcSandbox(home, place.logger);
  try {
    const rail = await createUsdcBaseRail({
      rpcUrl: sandbox.chain.rpcUrl,
      tokenAddress: sandbox.chain.tokenAddress,
      keyring: sandbox.keyring,
      clock: systemClock,
    });
    const screener = screenerOf(place.config.screening, sandbox);
    place.logger.warn(
      { faucet: sandbox.faucet.url, rpcUrl: sandbox.chain.rpcUrl },
      'SANDBOX USDC: no BASE_RPC_URL set; a local anvil chain with a sandbox token, no real money',
    );
    return {
      settings: settingsOf(place, rail, screener),
      screener,
      sandboxUrls: {
        usdc: sandbox.faucet.url,
        ...(place.config.screening.mode === 'sandbox'
          ? { trm: sandbox.trm.url, chainalysis: sandbox.chainalysis.url }
          : {}),
      },
      close: () => sandbox.close(),
    };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

/** TRM Labs and Chainalysis as configured, or the sandbox's doubles of them. */
function screenerOf(config: ScreeningConfig, sandbox: UsdcSandbox | undefined): WalletScreener {
  const providers =
    config.mode === 'live' ? config : sandbox === undefined ? undefined : doublesOf(sandbox);
  if (providers === undefined) {
    throw new ConfigError('TRM_API_KEY and CHAINALYSIS_API_KEY are required with BASE_RPC_URL');
  }
  return createWalletScreener(
    [trmLabsScreening(providers.trm), chainalysisScreening(providers.chainalysis)],
    { clock: systemClock },
  );
}

function doublesOf(sandbox: UsdcSandbox) {
  return {
    trm: { apiUrl: new URL(sandbox.trm.url), apiKey: sandbox.screeningKeys.trm },
    chainalysis: {
      apiUrl: new URL(sandbox.chainalysis.url),
      apiKey: sandbox.screeningKeys.chainalysis,
    },
  };
}

function settingsOf(place: UsdcPlace, rail: UsdcBaseRail, screener: WalletScreener): UsdcSettings {
  const { db, config } = place;
  return {
    rail,
    screener,
    confirmations: config.usdc.confirmations,
    // Identity (a library every process shares) keeps the buyers' refund addresses.
    refundAddresses: { refundAddressFor: (buyerId) => findWallet(db, buyerId, 'REFUND') },
  };
}

/**
 * The gateway's USDC routes: wallet registration (screened) and the moderators' deposit review,
 * whose decisions wake the payments relay when payments run in this process.
 */
export function usdcRoutes(
  db: Database,
  usdc: UsdcRailSetup | undefined,
  payments: PaymentsService | undefined,
): RouteModule[] {
  if (usdc === undefined) return [];
  return [
    walletRoutes({ db, clock: systemClock, screener: usdc.screener }),
    depositReviewRoutes({
      db,
      clock: systemClock,
      ...(payments === undefined ? {} : { onCommitted: payments.relay.wake }),
    }),
  ];
}

import { join } from 'node:path';
import type { UsdcKeyring } from '@bloxtr8/payments';
import { createUsdcKeyring } from '@bloxtr8/payments';
import type { Logger } from '@bloxtr8/platform';
import { Secret } from '@bloxtr8/platform';
import type { UsdcChain, UsdcFaucet } from '@bloxtr8/sandbox/chain';
import { startUsdcChain, startUsdcFaucet } from '@bloxtr8/sandbox/chain';
import type { ChainalysisDouble, TrmDouble } from '@bloxtr8/sandbox/screening';
import { startChainalysisDouble, startTrmDouble } from '@bloxtr8/sandbox/screening';
import type { Address, Hex } from 'viem';
import { onRememberedPort } from './sandbox-doubles.ts';
import type { SandboxHome } from './sandbox-home.ts';

/** A new block every second on the sandbox chain: confirmations come without anyone's help. */
const SANDBOX_BLOCK_SECONDS = 1;

/**
 * The USDC sandbox: a local anvil chain whose state (the token, every balance and transaction)
 * lives in the data folder, a faucet in front of it, the platform's keys made up once, and the
 * TRM Labs and Chainalysis doubles, every address clean.
 */
export interface UsdcSandbox {
  readonly chain: UsdcChain;
  readonly faucet: UsdcFaucet;
  readonly trm: TrmDouble;
  readonly chainalysis: ChainalysisDouble;
  readonly mnemonic: Secret;
  readonly keyring: UsdcKeyring;
  /** The keys the screening doubles accept. */
  readonly screeningKeys: { readonly trm: Secret; readonly chainalysis: Secret };
  close(): Promise<void>;
}

export async function startUsdcSandbox(home: SandboxHome, logger: Logger): Promise<UsdcSandbox> {
  const settings = home.settings.usdc;
  const chain = await startChainOnRememberedPort(home, logger);
  const closers = [() => chain.stop()];
  try {
    await home.rememberUsdcChain({
      rpcPort: Number(new URL(chain.rpcUrl).port),
      tokenAddress: chain.tokenAddress,
    });
    const mnemonic = new Secret(settings.mnemonic);
    const keyring = createUsdcKeyring(mnemonic);
    // The gas wallet pays every transfer's gas; on the sandbox chain it never runs dry.
    await chain.fundGas(keyring.gasAccount.address);
    const faucet = await onRememberedPort(home, 'usdc', logger, (port) =>
      startUsdcFaucet(chain, port),
    );
    closers.push(() => faucet.close());
    const trm = await onRememberedPort(home, 'trm', logger, (port) =>
      startTrmDouble({ port, apiKey: home.settings.trm.apiKey }),
    );
    closers.push(() => trm.close());
    const chainalysis = await onRememberedPort(home, 'chainalysis', logger, (port) =>
      startChainalysisDouble({ port, apiKey: home.settings.chainalysis.apiKey }),
    );
    closers.push(() => chainalysis.close());
    return {
      chain,
      faucet,
      trm,
      chainalysis,
      mnemonic,
      keyring,
      screeningKeys: {
        trm: new Secret(home.settings.trm.apiKey),
        chainalysis: new Secret(home.settings.chainalysis.apiKey),
      },
      close: async () => {
        for (const close of closers.reverse()) await close();
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close();
    throw error;
  }
}

/** The chain where the last run had it; anywhere else if that port is taken now. */
async function startChainOnRememberedPort(home: SandboxHome, logger: Logger): Promise<UsdcChain> {
  const { rpcPort, ownerKey, tokenAddress } = home.settings.usdc;
  const start = (port: number) =>
    startUsdcChain({
      port,
      stateFile: join(home.directory, 'usdc-chain.json'),
      blockTimeSeconds: SANDBOX_BLOCK_SECONDS,
      ownerKey: ownerKey as Hex,
      ...(tokenAddress === null ? {} : { tokenAddress: tokenAddress as Address }),
    });
  if (rpcPort === null) return start(0);
  try {
    return await start(rpcPort);
  } catch (error) {
    logger.warn(
      { was: rpcPort, err: error },
      `SANDBOX usdc: the chain could not listen on port ${rpcPort}; it moves to another port`,
    );
    return start(0);
  }
}

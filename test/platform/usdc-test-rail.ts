import type { UsdcBaseRail, UsdcSettings, WalletScreener } from '@bloxtr8/payments';
import {
  chainalysisScreening,
  createUsdcBaseRail,
  createUsdcKeyring,
  createWalletScreener,
  trmLabsScreening,
} from '@bloxtr8/payments';
import type { Clock } from '@bloxtr8/platform';
import { Secret } from '@bloxtr8/platform';
import type { UsdcChain } from '@bloxtr8/sandbox/chain';
import { startUsdcChain } from '@bloxtr8/sandbox/chain';
import type { ChainalysisDouble, TrmDouble } from '@bloxtr8/sandbox/screening';
import { startChainalysisDouble, startTrmDouble } from '@bloxtr8/sandbox/screening';
import type { Address, Hash, PrivateKeyAccount } from 'viem';
import { createPublicClient, createWalletClient, erc20Abi, http } from 'viem';
import { english, generateMnemonic, generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

/** Confirmations the test rail waits for: enough to tell a reorged deposit from a counted one. */
export const TEST_CONFIRMATIONS = 3;

const TRM_KEY = 'trm-test-key';
const CHAINALYSIS_KEY = 'chainalysis-test-key';

/**
 * The USDC rail on a real chain for one test file: its own anvil with the sandbox token, the TRM
 * Labs and Chainalysis doubles, the platform's keys, and what a buyer needs to pay from a wallet
 * of their own.
 */
export interface UsdcTestRail {
  readonly chain: UsdcChain;
  readonly trm: TrmDouble;
  readonly chainalysis: ChainalysisDouble;
  readonly rail: UsdcBaseRail;
  readonly screener: WalletScreener;
  /** The payments service's USDC settings (the watcher passes every 50 ms). */
  readonly settings: Omit<UsdcSettings, 'refundAddresses'>;
  /** The same rail reached through another RPC address (e.g. a proxy that injects faults). */
  railThrough(rpcUrl: string): Promise<UsdcBaseRail>;
  /** A new wallet holding `amountMinor` USDC and gas. */
  fundedWallet(amountMinor: bigint): Promise<PrivateKeyAccount>;
  /** An ERC-20 transfer from `from`, mined (one confirmation). */
  pay(from: PrivateKeyAccount, to: string, amountMinor: bigint): Promise<Hash>;
  balanceOf(address: string): Promise<bigint>;
  /** Mines a block every `intervalMs` until stopped, so confirmations keep coming. */
  startMining(intervalMs?: number): void;
  stopMining(): Promise<void>;
  close(): Promise<void>;
}

export async function startUsdcTestRail(clock: Clock): Promise<UsdcTestRail> {
  const chain = await startUsdcChain({ ownerKey: generatePrivateKey() });
  const trm = await startTrmDouble({ apiKey: TRM_KEY });
  const chainalysis = await startChainalysisDouble({ apiKey: CHAINALYSIS_KEY });
  const keyring = createUsdcKeyring(new Secret(generateMnemonic(english)));
  const railThrough = (rpcUrl: string) =>
    createUsdcBaseRail({ rpcUrl, tokenAddress: chain.tokenAddress, keyring, clock });
  const rail = await railThrough(chain.rpcUrl);
  await chain.fundGas(rail.gasWallet);
  const screener = createWalletScreener(
    [
      trmLabsScreening({ apiUrl: new URL(trm.url), apiKey: new Secret(TRM_KEY) }),
      chainalysisScreening({
        apiUrl: new URL(chainalysis.url),
        apiKey: new Secret(CHAINALYSIS_KEY),
      }),
    ],
    { clock, retry: { attempts: 2, initialMs: 5, maxMs: 20 } },
  );
  const transport = http(chain.rpcUrl, { retryCount: 0 });
  const client = createPublicClient({ transport });
  let mining: NodeJS.Timeout | undefined;
  let lastBlock: Promise<void> = Promise.resolve();
  return {
    chain,
    trm,
    chainalysis,
    rail,
    screener,
    settings: { rail, screener, confirmations: TEST_CONFIRMATIONS, watchIntervalMs: 50 },
    railThrough,
    async fundedWallet(amountMinor) {
      const account = privateKeyToAccount(generatePrivateKey());
      await chain.fundGas(account.address);
      if (amountMinor > 0n) await chain.mint(account.address, amountMinor);
      return account;
    },
    async pay(from, to, amountMinor) {
      const wallet = createWalletClient({ transport, account: from, chain: await chainOf(client) });
      const hash = await wallet.writeContract({
        address: chain.tokenAddress,
        abi: erc20Abi,
        functionName: 'transfer',
        args: [to as Address, amountMinor],
      });
      await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      return hash;
    },
    balanceOf: (address) => rail.balanceOf(address as Address),
    startMining(intervalMs = 100) {
      mining ??= setInterval(() => {
        lastBlock = chain.mine(1).catch(() => undefined);
      }, intervalMs);
    },
    async stopMining() {
      clearInterval(mining);
      mining = undefined;
      await lastBlock;
    },
    async close() {
      clearInterval(mining);
      await lastBlock;
      await trm.close();
      await chainalysis.close();
      await chain.stop();
    },
  };
}

async function chainOf(client: ReturnType<typeof createPublicClient>) {
  const id = await client.getChainId();
  return {
    id,
    name: 'anvil',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } },
  };
}

import type { Address, Hash, Hex } from 'viem';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  parseAbi,
  parseEther,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { readSandboxUsdcArtifact } from './compile-sandbox-usdc.ts';
import type { Anvil, AnvilOptions } from './start-anvil.ts';
import { startAnvil } from './start-anvil.ts';

const MINT_ABI = parseAbi(['function mint(address to, uint256 value)']);

/** Enough ETH for a wallet's gas on a sandbox chain, however many transfers it sends. */
export const SANDBOX_GAS_WEI = parseEther('100');

export interface UsdcChainOptions extends AnvilOptions {
  /** The token's owner, who deploys and mints it; funded with gas at every start. */
  readonly ownerKey: Hex;
  /** The token deployed by an earlier run on the same state file, if any. */
  readonly tokenAddress?: Address;
}

/** A local EVM with a USDC-like token: the USDC sandbox, and the chain the tests run on. */
export interface UsdcChain {
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly tokenAddress: Address;
  /** Mints `amountMinor` base units (6 decimals) to `to`: the sandbox's faucet. */
  mint(to: Address, amountMinor: bigint): Promise<Hash>;
  /** Gives `address` ETH for gas. */
  fundGas(address: Address, wei?: bigint): Promise<void>;
  /** Mines `blocks` empty blocks at once. */
  mine(blocks: number): Promise<void>;
  /** Remembers the chain as it is now; `revert` goes back to it (and forgets later snapshots). */
  snapshot(): Promise<Hex>;
  revert(snapshotId: Hex): Promise<void>;
  /** Replaces the last `depth` blocks with empty ones: their transactions are gone. */
  reorg(depth: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts anvil and deploys the token, unless the loaded state already has it. */
export async function startUsdcChain(options: UsdcChainOptions): Promise<UsdcChain> {
  const anvil = await startAnvil(options);
  try {
    return await prepareChain(anvil, options);
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}

async function prepareChain(anvil: Anvil, options: UsdcChainOptions): Promise<UsdcChain> {
  const transport = http(anvil.url, { retryCount: 0 });
  const chain = { ...foundry, id: await createPublicClient({ transport }).getChainId() };
  const publicClient = createPublicClient({ chain, transport });
  const testClient = createTestClient({ chain, transport, mode: 'anvil' });
  // Anvil prints a line per request unless told otherwise.
  await testClient.setLoggingEnabled(false);
  const owner = privateKeyToAccount(options.ownerKey);
  const wallet = createWalletClient({ chain, transport, account: owner });
  const fundGas = (address: Address, wei = SANDBOX_GAS_WEI) =>
    testClient.setBalance({ address, value: wei });
  await fundGas(owner.address);
  const tokenAddress = await deployedToken(publicClient, options.tokenAddress);
  const token = tokenAddress ?? (await deployToken(wallet, publicClient));
  return {
    rpcUrl: anvil.url,
    chainId: chain.id,
    tokenAddress: token,
    async mint(to, amountMinor) {
      const hash = await wallet.writeContract({
        address: token,
        abi: MINT_ABI,
        functionName: 'mint',
        args: [to, amountMinor],
      });
      await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
      return hash;
    },
    fundGas,
    mine: (blocks) => testClient.mine({ blocks }),
    snapshot: () => testClient.snapshot(),
    revert: async (id) => {
      await testClient.revert({ id });
    },
    reorg: async (depth) => {
      await testClient.request({ method: 'anvil_reorg' as never, params: [depth, []] as never });
    },
    stop: () => anvil.stop(),
  };
}

/** The remembered token, if the chain still has its code (a fresh state file does not). */
async function deployedToken(
  client: ReturnType<typeof createPublicClient>,
  address: Address | undefined,
): Promise<Address | undefined> {
  if (address === undefined) return undefined;
  const code = await client.getCode({ address });
  return code === undefined || code === '0x' ? undefined : address;
}

async function deployToken(
  wallet: ReturnType<typeof createWalletClient>,
  client: ReturnType<typeof createPublicClient>,
): Promise<Address> {
  const artifact = readSandboxUsdcArtifact();
  const account = wallet.account;
  if (account === undefined) throw new Error('the token owner has no account');
  const hash = await wallet.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    account,
    chain: wallet.chain,
  });
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (receipt.contractAddress === null || receipt.contractAddress === undefined) {
    throw new Error('deploying the sandbox token made no contract');
  }
  return receipt.contractAddress;
}

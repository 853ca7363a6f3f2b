import type { Clock } from '@bloxtr8/platform';
import type { Address, Chain, Hash, Hex, PublicClient, Transport } from 'viem';
import {
  createPublicClient,
  encodeFunctionData,
  http,
  keccak256,
  parseSignature,
  TransactionReceiptNotFoundError,
} from 'viem';
import type { UsdcKeyring } from './deposit-keys.ts';
import type { IncomingTransfer } from './usdc-base.mapping.ts';
import {
  incomingTransferOf,
  normalizeAddress,
  TRANSFER_EVENT,
  TRANSFER_WITH_AUTHORIZATION_TYPES,
  USDC_ABI,
} from './usdc-base.mapping.ts';

export interface UsdcBaseConnection {
  readonly rpcUrl: string;
  readonly tokenAddress: Address;
  readonly keyring: UsdcKeyring;
  readonly clock: Clock;
  readonly timeoutMs?: number;
}

/** A transfer of USDC from a deposit address, signed and ready to broadcast; nothing sent yet. */
export interface SignedTransfer {
  readonly rawTx: Hex;
  readonly txHash: Hash;
}

export interface TransferToSign {
  /** The escrow whose deposit address pays. */
  readonly fromEscrowId: string;
  readonly to: Address;
  readonly amountMinor: bigint;
  /** EIP-3009 nonce: one per idempotency key (`authorizationNonceOf`). */
  readonly authorizationNonce: Hex;
  /** The gas wallet's transaction nonce this transfer takes. */
  readonly signerNonce: number;
  readonly fees: GasFees;
}

export interface GasFees {
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
}

/** A mined transaction as the chain reports it now (a reorg can take it away again). */
export interface MinedTransaction {
  readonly succeeded: boolean;
  readonly blockNumber: bigint;
  readonly blockHash: Hash;
}

/**
 * The USDC-on-Base rail: stateless reads and writes on the chain through viem. Deposit addresses
 * are derived per escrow; every outgoing transfer is an EIP-3009 `transferWithAuthorization`
 * signed by the deposit address and submitted (gas paid) by the platform's gas wallet, in two
 * steps (sign, then broadcast) so the caller can record the signed transaction in between
 * (ADR 0021). Persistence belongs to the payments handlers.
 */
export interface UsdcBaseRail {
  readonly name: 'USDC_BASE';
  readonly chainId: number;
  readonly tokenAddress: Address;
  readonly gasWallet: Address;
  readonly treasury: Address;
  depositAddressOf(escrowId: string): Address;
  head(): Promise<bigint>;
  /** The canonical block's hash at `blockNumber`, undefined beyond the head. */
  blockHashAt(blockNumber: bigint): Promise<Hash | undefined>;
  /** USDC Transfer logs into `addresses` in the inclusive block range. */
  transfersInto(
    addresses: readonly Address[],
    fromBlock: bigint,
    toBlock: bigint,
  ): Promise<IncomingTransfer[]>;
  /** The gas wallet's next nonce, counting transactions still waiting to be mined. */
  pendingNonce(): Promise<number>;
  gasFees(): Promise<GasFees>;
  signTransfer(transfer: TransferToSign): Promise<SignedTransfer>;
  /** Sends a signed transaction; one the node already has or has mined counts as sent. */
  broadcast(signed: SignedTransfer): Promise<void>;
  minedTransaction(txHash: Hash): Promise<MinedTransaction | undefined>;
  balanceOf(address: Address): Promise<bigint>;
}

/** Generous for transferWithAuthorization (about 60–90 k gas), fixed so signing needs no call. */
const TRANSFER_GAS_LIMIT = 150_000n;
/** How long an authorisation stays valid: a signed transfer left unsent that long fails safely. */
const AUTHORIZATION_VALIDITY_SECONDS = 30n * 24n * 3600n;

/** What a node answers when it already has the transaction (geth, reth, anvil phrase it alike). */
const ALREADY_SENT =
  /already known|known transaction|already imported|nonce too low|already exists/i;

export async function createUsdcBaseRail(connection: UsdcBaseConnection): Promise<UsdcBaseRail> {
  const transport = http(connection.rpcUrl, {
    retryCount: 0,
    timeout: connection.timeoutMs ?? 10_000,
  });
  const probe = createPublicClient({ transport });
  const chainId = await probe.getChainId();
  const chain = chainFor(chainId, connection.rpcUrl);
  const client = createPublicClient({ chain, transport });
  const token = normalizeAddress(connection.tokenAddress);
  const [name, version] = await Promise.all([
    client.readContract({ address: token, abi: USDC_ABI, functionName: 'name' }),
    client.readContract({ address: token, abi: USDC_ABI, functionName: 'version' }),
  ]);
  const domain = { name, version, chainId, verifyingContract: token } as const;
  const { keyring, clock } = connection;
  return {
    name: 'USDC_BASE',
    chainId,
    tokenAddress: token,
    gasWallet: normalizeAddress(keyring.gasAccount.address),
    treasury: keyring.treasuryAddress,
    depositAddressOf: (escrowId) => normalizeAddress(keyring.depositAccountOf(escrowId).address),
    head: () => client.getBlockNumber({ cacheTime: 0 }),
    blockHashAt: async (blockNumber) => {
      const block = await client.getBlock({ blockNumber }).catch(() => undefined);
      return block?.hash ?? undefined;
    },
    transfersInto: (addresses, fromBlock, toBlock) =>
      transfersInto(client, token, addresses, fromBlock, toBlock),
    pendingNonce: () =>
      client.getTransactionCount({ address: keyring.gasAccount.address, blockTag: 'pending' }),
    gasFees: async () => {
      const fees = await client.estimateFeesPerGas();
      return { maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas };
    },
    signTransfer: async (transfer) => {
      const from = keyring.depositAccountOf(transfer.fromEscrowId);
      const validBefore =
        BigInt(Math.floor(clock.now().getTime() / 1000)) + AUTHORIZATION_VALIDITY_SECONDS;
      const message = {
        from: from.address,
        to: transfer.to,
        value: transfer.amountMinor,
        validAfter: 0n,
        validBefore,
        nonce: transfer.authorizationNonce,
      };
      const signature = parseSignature(
        await from.signTypedData({
          domain,
          types: TRANSFER_WITH_AUTHORIZATION_TYPES,
          primaryType: 'TransferWithAuthorization',
          message,
        }),
      );
      const data = encodeFunctionData({
        abi: USDC_ABI,
        functionName: 'transferWithAuthorization',
        args: [
          message.from,
          message.to,
          message.value,
          message.validAfter,
          message.validBefore,
          message.nonce,
          27 + signature.yParity,
          signature.r,
          signature.s,
        ],
      });
      const rawTx = await keyring.gasAccount.signTransaction({
        chainId,
        type: 'eip1559',
        to: token,
        data,
        nonce: transfer.signerNonce,
        gas: TRANSFER_GAS_LIMIT,
        ...transfer.fees,
      });
      return { rawTx, txHash: keccak256(rawTx) };
    },
    broadcast: async (signed) => {
      try {
        await client.sendRawTransaction({ serializedTransaction: signed.rawTx });
      } catch (error) {
        if (!ALREADY_SENT.test(String((error as Error).message))) throw error;
      }
    },
    minedTransaction: async (txHash) => {
      try {
        const receipt = await client.getTransactionReceipt({ hash: txHash });
        return {
          succeeded: receipt.status === 'success',
          blockNumber: receipt.blockNumber,
          blockHash: receipt.blockHash,
        };
      } catch (error) {
        if (error instanceof TransactionReceiptNotFoundError) return undefined;
        throw error;
      }
    },
    balanceOf: (address) =>
      client.readContract({
        address: token,
        abi: USDC_ABI,
        functionName: 'balanceOf',
        args: [address],
      }),
  };
}

async function transfersInto(
  client: PublicClient<Transport, Chain>,
  token: Address,
  addresses: readonly Address[],
  fromBlock: bigint,
  toBlock: bigint,
): Promise<IncomingTransfer[]> {
  if (addresses.length === 0 || fromBlock > toBlock) return [];
  const logs = await client.getLogs({
    address: token,
    event: TRANSFER_EVENT,
    args: { to: [...addresses] },
    fromBlock,
    toBlock,
    strict: true,
  });
  return logs.flatMap((log) => incomingTransferOf(log) ?? []);
}

function chainFor(id: number, rpcUrl: string): Chain {
  return {
    id,
    name: `chain ${id}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  };
}

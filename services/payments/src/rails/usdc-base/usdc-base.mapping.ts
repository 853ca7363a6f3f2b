import type { Address, Hash, Hex, Log } from 'viem';
import { getAddress, isAddress, keccak256, parseAbi, parseAbiItem, stringToHex } from 'viem';

/** What the rail calls on the token: Circle's USDC and the sandbox token answer alike. */
export const USDC_ABI = parseAbi([
  'function name() view returns (string)',
  'function version() view returns (string)',
  'function decimals() view returns (uint8)',
  'function balanceOf(address account) view returns (uint256)',
  'function authorizationState(address authorizer, bytes32 nonce) view returns (bool)',
  'function transferWithAuthorization(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore, bytes32 nonce, uint8 v, bytes32 r, bytes32 s)',
]);

export const TRANSFER_EVENT = parseAbiItem(
  'event Transfer(address indexed from, address indexed to, uint256 value)',
);

/** USDC has 6 decimals: amounts are integer base units, 1 USDC = 1,000,000. */
export const USDC_DECIMALS = 6;

/** EIP-3009's typed data, as Circle's FiatToken defines it. */
export const TRANSFER_WITH_AUTHORIZATION_TYPES = {
  TransferWithAuthorization: [
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'validAfter', type: 'uint256' },
    { name: 'validBefore', type: 'uint256' },
    { name: 'nonce', type: 'bytes32' },
  ],
} as const;

/** One USDC Transfer log into an address we watch. */
export interface IncomingTransfer {
  readonly txHash: Hash;
  readonly logIndex: number;
  readonly blockNumber: bigint;
  readonly blockHash: Hash;
  readonly from: Address;
  readonly to: Address;
  readonly amountMinor: bigint;
}

/** Addresses are kept and compared in lower case; checksummed only for display and signing. */
export function normalizeAddress(address: string): Address {
  return address.toLowerCase() as Address;
}

/** Whether `text` is an EVM address (any case; a mixed-case one must carry a valid checksum). */
export function isEvmAddress(text: string): text is Address {
  return isAddress(text, { strict: true }) || isAddress(text.toLowerCase(), { strict: false });
}

export function checksummed(address: string): Address {
  return getAddress(address);
}

/**
 * The EIP-3009 nonce of a transfer, derived from its idempotency key: signing the same key twice
 * yields the same authorisation, which the token accepts once, so a key never moves money twice
 * on chain whatever happens around it.
 */
export function authorizationNonceOf(idempotencyKey: string): Hex {
  return keccak256(stringToHex(idempotencyKey));
}

/** How many blocks (the block itself included) a transaction mined at `blockNumber` has. */
export function confirmationsOf(head: bigint, blockNumber: bigint): number {
  return head < blockNumber ? 0 : Number(head - blockNumber + 1n);
}

type TransferLog = Log<bigint, number, false, typeof TRANSFER_EVENT, true>;

/** A decoded Transfer log as an incoming transfer; pending logs (no block yet) are skipped. */
export function incomingTransferOf(log: TransferLog): IncomingTransfer | undefined {
  const { from, to, value } = log.args;
  if (log.blockHash === null || log.blockNumber === null || log.transactionHash === null) {
    return undefined;
  }
  if (from === undefined || to === undefined || value === undefined || value <= 0n)
    return undefined;
  return {
    txHash: log.transactionHash,
    logIndex: log.logIndex ?? 0,
    blockNumber: log.blockNumber,
    blockHash: log.blockHash,
    from: normalizeAddress(from),
    to: normalizeAddress(to),
    amountMinor: value,
  };
}

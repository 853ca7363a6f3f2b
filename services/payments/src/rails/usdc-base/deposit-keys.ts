import type { Secret } from '@bloxtr8/platform';
import type { Address, Hex, LocalAccount } from 'viem';
import { toHex } from 'viem';
import type { HDKey } from 'viem/accounts';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { normalizeAddress } from './usdc-base.mapping.ts';

/**
 * The platform's keys, all derived from one BIP-39 mnemonic (ADR 0021): a deposit address per
 * escrow, the gas wallet that submits every transfer and pays its gas, and the treasury that
 * receives the fees unless another treasury is configured.
 */
export interface UsdcKeyring {
  /** The escrow's deposit account: the same escrow id always gives the same address. */
  depositAccountOf(escrowId: string): LocalAccount;
  readonly gasAccount: LocalAccount;
  readonly treasuryAddress: Address;
}

/** Deposits live under m/44'/60'/0'/0, the gas wallet and the treasury at their own accounts. */
const DEPOSITS_PATH = "m/44'/60'/0'/0";
const GAS_WALLET_PATH = "m/44'/60'/1'/0/0";
const TREASURY_PATH = "m/44'/60'/2'/0/0";

/** BIP-32 indexes below 2^31 are non-hardened: a 128-bit escrow id takes five of them. */
const INDEX_BITS = 31n;
const INDEX_MASK = (1n << INDEX_BITS) - 1n;
const UUID_INDEXES = 5;

/**
 * The path below the deposits' base for an escrow: its 128-bit id split into five 31-bit
 * indexes, so every escrow has its own address with nothing to allocate or store, and distinct
 * ids can never share one.
 */
export function depositIndexesOf(escrowId: string): number[] {
  const hex = escrowId.replaceAll('-', '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`${escrowId} is not an escrow id`);
  let rest = BigInt(`0x${hex}`);
  const indexes: number[] = [];
  for (let level = 0; level < UUID_INDEXES; level += 1) {
    indexes.push(Number(rest & INDEX_MASK));
    rest >>= INDEX_BITS;
  }
  return indexes;
}

function accountOf(key: HDKey): LocalAccount {
  if (key.privateKey === null) throw new Error('a derived key has no private key');
  return privateKeyToAccount(toHex(key.privateKey) as Hex);
}

export function createUsdcKeyring(mnemonic: Secret, treasury?: Address): UsdcKeyring {
  const words = mnemonic.reveal();
  const depositsBase = mnemonicToAccount(words, { path: DEPOSITS_PATH }).getHdKey();
  const gasAccount = mnemonicToAccount(words, { path: GAS_WALLET_PATH });
  const treasuryAddress = treasury ?? mnemonicToAccount(words, { path: TREASURY_PATH }).address;
  return {
    depositAccountOf: (escrowId) =>
      accountOf(
        depositIndexesOf(escrowId).reduce((key, index) => key.deriveChild(index), depositsBase),
      ),
    gasAccount,
    treasuryAddress: normalizeAddress(treasuryAddress),
  };
}

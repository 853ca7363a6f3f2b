import type { Address } from 'viem';
import { confirmationsOf } from '../rails/usdc-base/usdc-base.mapping.ts';
import { readChainCursor, saveChainCursor } from '../store/chain-cursor.ts';
import type { UsdcDeposit } from '../store/usdc-deposits.ts';
import { depositsWithStatus, moveDeposit, recordSeenDeposit } from '../store/usdc-deposits.ts';
import { escrowIdsByAddress, watchedDepositAddresses } from '../store/usdc-escrows.ts';
import type { UsdcDeps } from './usdc-deps.ts';
import { USDC_BATCH } from './usdc-deps.ts';

export interface ChainFollowing {
  /** Blocks read per pass at most, so a watcher far behind catches up in bounded steps. */
  readonly blocksPerPass: bigint;
  /** How long after its escrow opened a deposit address is still watched. */
  readonly watchWindowMs: number;
}

export const DEFAULT_CHAIN_FOLLOWING: ChainFollowing = {
  blocksPerPass: 2_000n,
  watchWindowMs: 90 * 24 * 3_600_000,
};

/** Addresses per log query: the node takes them as one OR filter on the `to` topic. */
const ADDRESSES_PER_QUERY = 200;

export interface FollowReport {
  readonly head: bigint;
  readonly seen: number;
  readonly confirmed: number;
  readonly reorged: number;
}

/**
 * One step along the chain: rewinds past a reorg (the block under the cursor changed), reads the
 * USDC Transfer logs into watched deposit addresses from the cursor on, and settles what it saw
 * before: a deposit counts once it has enough confirmations on a block that is still canonical,
 * and one whose block was replaced never counts (it is seen again if its transaction is mined
 * anew).
 */
export async function followChain(
  deps: UsdcDeps,
  following: ChainFollowing,
): Promise<FollowReport> {
  const head = await deps.rail.head();
  const fromBlock = await nextBlockToRead(deps, head);
  const seen = await readDeposits(deps, following, fromBlock, head);
  const { confirmed, reorged } = await settleSeenDeposits(deps, head);
  return { head, seen, confirmed, reorged };
}

/** Where to read from: after the cursor, or further back when the cursor's block was replaced. */
async function nextBlockToRead(deps: UsdcDeps, head: bigint): Promise<bigint> {
  const rewind = BigInt(Math.max(64, deps.confirmations * 2));
  const cursor = await readChainCursor(deps.db);
  if (cursor === undefined) return head > rewind ? head - rewind : 0n;
  const hash = await deps.rail.blockHashAt(cursor.blockNumber);
  if (hash === cursor.blockHash) return cursor.blockNumber + 1n;
  return cursor.blockNumber > rewind ? cursor.blockNumber - rewind : 0n;
}

async function readDeposits(
  deps: UsdcDeps,
  following: ChainFollowing,
  fromBlock: bigint,
  head: bigint,
): Promise<number> {
  if (fromBlock > head) return 0;
  const toBlock =
    head - fromBlock + 1n > following.blocksPerPass
      ? fromBlock + following.blocksPerPass - 1n
      : head;
  const hashBefore = await deps.rail.blockHashAt(toBlock);
  const since = new Date(deps.clock.now().getTime() - following.watchWindowMs);
  const addresses = (await watchedDepositAddresses(deps.db, since)) as Address[];
  let seen = 0;
  for (let start = 0; start < addresses.length; start += ADDRESSES_PER_QUERY) {
    const chunk = addresses.slice(start, start + ADDRESSES_PER_QUERY);
    const transfers = await deps.rail.transfersInto(chunk, fromBlock, toBlock);
    const escrows = await escrowIdsByAddress(deps.db, [...new Set(transfers.map((t) => t.to))]);
    await deps.db.transaction(async (tx) => {
      for (const transfer of transfers) {
        const escrowId = escrows.get(transfer.to);
        if (escrowId === undefined) continue;
        await recordSeenDeposit(tx, {
          escrowId,
          depositAddress: transfer.to,
          txHash: transfer.txHash,
          logIndex: transfer.logIndex,
          blockNumber: transfer.blockNumber,
          blockHash: transfer.blockHash,
          senderAddress: transfer.from,
          amountMinor: transfer.amountMinor,
        });
        seen += 1;
      }
    });
  }
  // Moved on only if the range did not change under us; otherwise it is read again next pass.
  const hashAfter = await deps.rail.blockHashAt(toBlock);
  if (hashBefore !== undefined && hashAfter === hashBefore) {
    await saveChainCursor(deps.db, {
      blockNumber: toBlock,
      blockHash: hashAfter,
      headNumber: head,
    });
  }
  return seen;
}

/** Deposits waiting for confirmations: counted once deep enough, dropped if their block is gone. */
async function settleSeenDeposits(
  deps: UsdcDeps,
  head: bigint,
): Promise<{ confirmed: number; reorged: number }> {
  const waiting = await depositsWithStatus(deps.db, 'SEEN', USDC_BATCH);
  const canonical = new Map<bigint, string | undefined>();
  let confirmed = 0;
  let reorged = 0;
  for (const deposit of waiting) {
    if (!canonical.has(deposit.blockNumber)) {
      canonical.set(deposit.blockNumber, await deps.rail.blockHashAt(deposit.blockNumber));
    }
    const now = deps.clock.now();
    if (canonical.get(deposit.blockNumber) !== deposit.blockHash) {
      if (await moveDeposit(deps.db, deposit.id, 'SEEN', 'REORGED', now)) reorged += 1;
    } else if (isDeepEnough(deps, head, deposit)) {
      if (await moveDeposit(deps.db, deposit.id, 'SEEN', 'CONFIRMED', now)) confirmed += 1;
    }
  }
  return { confirmed, reorged };
}

function isDeepEnough(deps: UsdcDeps, head: bigint, deposit: UsdcDeposit): boolean {
  return confirmationsOf(head, deposit.blockNumber) >= deps.confirmations;
}

import type { Logger } from '@bloxtr8/platform';
import type { Hash } from 'viem';
import { confirmationsOf } from '../rails/usdc-base/usdc-base.mapping.ts';
import type { UsdcTransfer } from '../store/usdc-transfers.ts';
import { recordMined, settleTransfer, transfersWithStatus } from '../store/usdc-transfers.ts';
import { finishTransfer } from './finish-transfer.ts';
import { signedOf } from './send-transfers.ts';
import type { UsdcDeps } from './usdc-deps.ts';
import { USDC_BATCH } from './usdc-deps.ts';

/**
 * Follows sent transfers until the chain has them `confirmations` deep, then closes them and what
 * they settle (finishTransfer). One the node lost, or a reorg took out, is broadcast again as the
 * same signed transaction. Returns how many it closed.
 */
export async function confirmTransfers(deps: UsdcDeps, logger: Logger): Promise<number> {
  const open = await transfersWithStatus(deps.db, ['SENT'], USDC_BATCH);
  if (open.length === 0) return 0;
  const head = await deps.rail.head();
  let closed = 0;
  for (const transfer of open) {
    if (await followTransfer(deps, transfer, head, logger)) closed += 1;
  }
  return closed;
}

async function followTransfer(
  deps: UsdcDeps,
  transfer: UsdcTransfer,
  head: bigint,
  logger: Logger,
): Promise<boolean> {
  const mined = await deps.rail.minedTransaction(transfer.txHash as Hash);
  if (mined === undefined) {
    if (transfer.blockNumber !== null) await recordMined(deps.db, transfer.id, null);
    await deps.rail.broadcast(signedOf(transfer));
    return false;
  }
  if (confirmationsOf(head, mined.blockNumber) < deps.confirmations) {
    if (transfer.blockNumber !== mined.blockNumber) {
      await recordMined(deps.db, transfer.id, { number: mined.blockNumber, hash: mined.blockHash });
    }
    return false;
  }
  const outcome = mined.succeeded ? 'CONFIRMED' : 'FAILED';
  if (!mined.succeeded) {
    logger.error(
      { escrowId: transfer.escrowId, kind: transfer.kind, txHash: transfer.txHash },
      'a USDC transfer reverted on chain',
    );
  }
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await recordMined(tx, transfer.id, { number: mined.blockNumber, hash: mined.blockHash });
    if (!(await settleTransfer(tx, transfer.id, outcome, now))) return false;
    await finishTransfer(tx, { ...transfer, status: outcome }, now);
    return true;
  });
}

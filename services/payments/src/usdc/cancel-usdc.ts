import type { CancelPayment } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { decideDeposit, depositsOfEscrow } from '../store/usdc-deposits.ts';
import { lockUsdcEscrow, markUsdcCancelRequested } from '../store/usdc-escrows.ts';
import { queueReturn } from './apply-deposit-ruling.ts';
import type { UsdcDeps } from './usdc-deps.ts';

/**
 * The escrow was cancelled before it was funded: whatever its accepted deposits added up to (a
 * short payment, or one that funded it a moment too late) goes back to their senders, and from
 * now on every deposit to its address is returned as it arrives. Deposits waiting for a moderator
 * stay with the moderator, who can only return them now.
 */
export async function handleCancelUsdc(
  tx: Queryable,
  command: CancelPayment,
  usdc: UsdcDeps,
): Promise<void> {
  const now = usdc.clock.now();
  const escrow = await lockUsdcEscrow(tx, command.escrowId);
  if (escrow === undefined) return;
  await markUsdcCancelRequested(tx, escrow.escrowId, now);
  for (const deposit of await depositsOfEscrow(tx, escrow.escrowId)) {
    if (deposit.status !== 'ACCEPTED' || deposit.creditedMinor === 0n) continue;
    await decideDeposit(
      tx,
      deposit.id,
      {
        status: 'ACCEPTED',
        creditedMinor: 0n,
        returnedMinor: deposit.returnedMinor + deposit.creditedMinor,
      },
      now,
    );
    await queueReturn(tx, deposit, deposit.creditedMinor, 'cancelled');
  }
}

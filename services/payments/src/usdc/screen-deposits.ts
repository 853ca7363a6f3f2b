import type { Logger } from '@bloxtr8/platform';
import type { UsdcDeposit } from '../store/usdc-deposits.ts';
import { depositsWithStatus, lockDeposit } from '../store/usdc-deposits.ts';
import { lockUsdcEscrow } from '../store/usdc-escrows.ts';
import { recordScreening } from '../store/wallet-screenings.ts';
import { applyDepositRuling } from './apply-deposit-ruling.ts';
import type { UsdcDeps } from './usdc-deps.ts';
import { USDC_BATCH } from './usdc-deps.ts';

/**
 * Screens the senders of confirmed deposits, then decides each (SPEC §5). While a provider is
 * down nothing is decided: the deposits stay CONFIRMED, never accepted unscreened, and are
 * screened on a later pass. Returns how many were decided.
 */
export async function screenDeposits(deps: UsdcDeps, logger: Logger): Promise<number> {
  const confirmed = await depositsWithStatus(deps.db, 'CONFIRMED', USDC_BATCH);
  let decided = 0;
  for (const deposit of confirmed) {
    const screened = await deps.screener.screen(deposit.senderAddress);
    if (!screened.ok) {
      logger.warn(
        { escrowId: deposit.escrowId, depositId: deposit.id, provider: screened.error.provider },
        'wallet screening unavailable: deposits wait, unaccepted, for the next pass',
      );
      return decided;
    }
    if (await decide(deps, deposit, screened.value)) decided += 1;
  }
  return decided;
}

async function decide(
  deps: UsdcDeps,
  deposit: UsdcDeposit,
  screened: Parameters<typeof recordScreening>[1],
): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    // The escrow first, then the deposit: every writer of both takes them in this order.
    const escrow = await lockUsdcEscrow(tx, deposit.escrowId);
    const current = await lockDeposit(tx, deposit.id);
    if (escrow === undefined || current?.status !== 'CONFIRMED') return false;
    const now = deps.clock.now();
    const screeningId = await recordScreening(
      tx,
      screened,
      { purpose: 'DEPOSIT_SENDER', escrowId: escrow.escrowId, depositId: current.id },
      now,
    );
    await applyDepositRuling(
      tx,
      escrow,
      current,
      { by: 'SCREENING', verdict: screened.verdict, riskScore: screened.riskScore },
      { now, screeningId },
    );
    return true;
  });
}

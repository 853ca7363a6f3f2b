import { PermanentError } from '@bloxtr8/bus';
import type { UsdcEscrow } from '../store/usdc-escrows.ts';
import { findUsdcEscrow } from '../store/usdc-escrows.ts';
import type { UsdcDeps } from './usdc-deps.ts';

/** The USDC escrow a command names; one payments never opened is a command it cannot execute. */
export async function findUsdcEscrowOrFail(deps: UsdcDeps, escrowId: string): Promise<UsdcEscrow> {
  const escrow = await findUsdcEscrow(deps.db, escrowId);
  if (escrow === undefined) {
    throw new PermanentError('UNKNOWN_PAYMENT', `escrow ${escrowId} has no USDC deposit address`);
  }
  return escrow;
}

import type { ScreeningVerdict } from '../screening/screening-verdict.ts';
import type { DepositStatus } from '../store/usdc-deposits.ts';

/** Where the escrow stands when a deposit is decided. */
export interface EscrowFunding {
  readonly amountDueMinor: bigint;
  /** What accepted deposits already count towards it. */
  readonly creditedMinor: bigint;
  readonly isFunded: boolean;
  readonly isCancelled: boolean;
}

/** What becomes of one deposit's money. */
export interface DepositOutcome {
  readonly status: DepositStatus;
  readonly creditedMinor: bigint;
  /** Sent back to the sender: refused, an excess over the amount due, or too late. */
  readonly returnedMinor: bigint;
  /** This deposit makes the escrow's deposits add up to the amount due. */
  readonly completesFunding: boolean;
}

/**
 * A screened deposit's fate (SPEC §5): a sanctioned sender's money is frozen, never sent back; a
 * risk above 80 is returned; 50–80 waits for a moderator; below 50 (or a moderator's acceptance)
 * is credited, up to what the escrow still needs. Whatever an escrow cannot take (an excess, or
 * anything once it is funded or cancelled) goes back.
 */
export function depositOutcomeOf(
  verdict: ScreeningVerdict,
  amountMinor: bigint,
  escrow: EscrowFunding,
): DepositOutcome {
  switch (verdict) {
    case 'SANCTIONED':
      return outcome('FROZEN', 0n, 0n);
    case 'HIGH_RISK':
      return outcome('REJECTED', 0n, amountMinor);
    case 'REVIEW':
      return outcome('IN_REVIEW', 0n, 0n);
    case 'ACCEPT':
      return acceptedOutcome(amountMinor, escrow);
  }
}

function acceptedOutcome(amountMinor: bigint, escrow: EscrowFunding): DepositOutcome {
  if (escrow.isFunded || escrow.isCancelled) return outcome('ACCEPTED', 0n, amountMinor);
  const needed = escrow.amountDueMinor - escrow.creditedMinor;
  const credited = amountMinor < needed ? amountMinor : needed;
  return {
    status: 'ACCEPTED',
    creditedMinor: credited,
    returnedMinor: amountMinor - credited,
    completesFunding: credited > 0n && credited === needed,
  };
}

function outcome(
  status: DepositStatus,
  creditedMinor: bigint,
  returnedMinor: bigint,
): DepositOutcome {
  return { status, creditedMinor, returnedMinor, completesFunding: false };
}

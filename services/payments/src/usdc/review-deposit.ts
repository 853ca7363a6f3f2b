import { recordAudit } from '@bloxtr8/audit';
import type { Database, Queryable } from '@bloxtr8/db';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { DepositStatus } from '../store/usdc-deposits.ts';
import { lockDeposit } from '../store/usdc-deposits.ts';
import { lockUsdcEscrow } from '../store/usdc-escrows.ts';
import { applyDepositRuling } from './apply-deposit-ruling.ts';

/** DEPOSIT_NOT_FOUND: no such deposit. DEPOSIT_NOT_IN_REVIEW: it is not waiting for a moderator. */
export type DepositReviewFailure = 'DEPOSIT_NOT_FOUND' | 'DEPOSIT_NOT_IN_REVIEW';

export interface DepositReview {
  readonly depositId: string;
  /** ACCEPT counts the money towards its escrow; RETURN sends it back to its sender. */
  readonly decision: 'ACCEPT' | 'RETURN';
  readonly moderatorId: string;
  readonly context: {
    readonly ip: string | null;
    readonly userAgent: string | null;
    readonly requestId: string | null;
  };
}

export interface ReviewedDeposit {
  readonly depositId: string;
  readonly escrowId: string;
  readonly status: DepositStatus;
  readonly creditedMinor: bigint;
  readonly returnedMinor: bigint;
  /** This acceptance completed the amount due: the escrow is funded. */
  readonly fundedEscrow: boolean;
}

/**
 * A moderator's decision on a deposit whose sender scored 50–80 (SPEC §5), audited: accepted, it
 * counts towards its escrow as any accepted deposit does (what the escrow cannot take goes back);
 * returned, it goes back to its sender. A deposit decided before is refused, not decided twice.
 */
export async function reviewDeposit(
  db: Database,
  clock: Clock,
  review: DepositReview,
): Promise<Result<ReviewedDeposit, DepositReviewFailure>> {
  return db.transaction(async (tx) => {
    const escrowId = await escrowOfDeposit(tx, review.depositId);
    if (escrowId === undefined) return err('DEPOSIT_NOT_FOUND');
    const escrow = await lockUsdcEscrow(tx, escrowId);
    const deposit = await lockDeposit(tx, review.depositId);
    if (escrow === undefined || deposit === undefined) return err('DEPOSIT_NOT_FOUND');
    if (deposit.status !== 'IN_REVIEW') return err('DEPOSIT_NOT_IN_REVIEW');
    const now = clock.now();
    const accept = review.decision === 'ACCEPT';
    const outcome = await applyDepositRuling(
      tx,
      escrow,
      deposit,
      { by: 'MODERATOR', accept, moderatorId: review.moderatorId },
      { now },
    );
    await recordAudit(tx, {
      actorType: 'ADMIN',
      actorId: review.moderatorId,
      action: accept ? 'payments.deposit.accept' : 'payments.deposit.return',
      subjectType: 'escrow',
      subjectId: escrowId,
      ...review.context,
      traceId: null,
      detail: {
        depositId: deposit.id,
        txHash: deposit.txHash,
        sender: deposit.senderAddress,
        amountMinor: deposit.amountMinor.toString(),
        creditedMinor: outcome.creditedMinor.toString(),
        returnedMinor: outcome.returnedMinor.toString(),
      },
    });
    return ok({
      depositId: deposit.id,
      escrowId,
      status: outcome.status,
      creditedMinor: outcome.creditedMinor,
      returnedMinor: outcome.returnedMinor,
      fundedEscrow: outcome.completesFunding,
    });
  });
}

async function escrowOfDeposit(tx: Queryable, depositId: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ escrow_id: string }>(
    'select escrow_id from payments.usdc_deposits where id = $1',
    [depositId],
  );
  return rows[0]?.escrow_id;
}

import { recordAudit } from '@bloxtr8/audit';
import type { Queryable } from '@bloxtr8/db';
import { newId } from '@bloxtr8/platform';
import type { ScreenedWallet } from '../screening/wallet-screener.ts';

export type ScreeningPurpose = 'DEPOSIT_SENDER' | 'PAYOUT_WALLET' | 'REFUND_WALLET';

export interface ScreeningSubject {
  readonly purpose: ScreeningPurpose;
  readonly escrowId?: string;
  readonly depositId?: string;
  readonly userId?: string;
}

/**
 * Keeps a screening (append-only) and its audit entry, in the caller's transaction, and returns
 * its id: why money was accepted, held, refused or frozen stays on record with the escrow.
 */
export async function recordScreening(
  tx: Queryable,
  screened: ScreenedWallet,
  subject: ScreeningSubject,
  at: Date,
): Promise<string> {
  const id = newId();
  await tx.query(
    `insert into payments.wallet_screenings (id, address, purpose, escrow_id, deposit_id, user_id,
       sanctioned, risk_score, verdict, findings, screened_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)`,
    [
      id,
      screened.address.toLowerCase(),
      subject.purpose,
      subject.escrowId ?? null,
      subject.depositId ?? null,
      subject.userId ?? null,
      screened.sanctioned,
      screened.riskScore,
      screened.verdict,
      JSON.stringify(screened.findings),
      at,
    ],
  );
  await recordAudit(tx, {
    actorType: 'SERVICE',
    actorId: null,
    action: 'payments.wallet.screen',
    subjectType: subject.escrowId === undefined ? 'user' : 'escrow',
    subjectId: subject.escrowId ?? subject.userId ?? screened.address,
    ip: null,
    userAgent: null,
    requestId: null,
    traceId: null,
    detail: {
      screeningId: id,
      purpose: subject.purpose,
      address: screened.address.toLowerCase(),
      verdict: screened.verdict,
      riskScore: screened.riskScore,
      sanctioned: screened.sanctioned,
      depositId: subject.depositId ?? null,
    },
  });
  return id;
}

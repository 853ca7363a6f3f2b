import type { CurrencyCode, RailName } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';

/** Why a release waits: the seller has no payout account, or it cannot receive transfers yet. */
export type HoldReason = 'PAYOUT_ACCOUNT_MISSING' | 'PAYOUT_ACCOUNT_NOT_READY';

/** One held release attempt, with what it takes to try it again exactly as it was asked. */
export interface HeldTransfer {
  readonly escrowId: string;
  readonly attempt: number;
  readonly sellerId: string;
  readonly rail: RailName;
  readonly amountMinor: bigint;
  readonly feeMinor: bigint;
  readonly currency: CurrencyCode;
  readonly providerPaymentId: string;
  readonly causeEventId: string;
  readonly traceId: string;
  readonly correlationId: string;
  readonly reason: HoldReason;
}

interface HeldRow {
  escrow_id: string;
  attempt: number;
  seller_id: string;
  rail: RailName;
  amount_minor: bigint;
  fee_minor: bigint;
  currency: CurrencyCode;
  provider_payment_id: string;
  cause_event_id: string;
  trace_id: string;
  correlation_id: string;
  reason: HoldReason;
}

function toHeld(row: HeldRow): HeldTransfer {
  return {
    escrowId: row.escrow_id,
    attempt: row.attempt,
    sellerId: row.seller_id,
    rail: row.rail,
    amountMinor: row.amount_minor,
    feeMinor: row.fee_minor,
    currency: row.currency,
    providerPaymentId: row.provider_payment_id,
    causeEventId: row.cause_event_id,
    traceId: row.trace_id,
    correlationId: row.correlation_id,
    reason: row.reason,
  };
}

/**
 * Records that a release attempt waits for the seller, or that it still does. Returns true when
 * this is news (first hold, or another reason than before), which is when the hold is announced.
 */
export async function holdTransfer(
  tx: Queryable,
  held: HeldTransfer,
  options: { readonly at: Date; readonly nextAttemptAt: Date },
): Promise<boolean> {
  const before = await tx.query<{ reason: HoldReason }>(
    `select reason from payments.held_transfers where escrow_id = $1 and attempt = $2
     for update`,
    [held.escrowId, held.attempt],
  );
  await tx.query(
    `insert into payments.held_transfers (escrow_id, attempt, seller_id, rail, amount_minor,
       fee_minor, currency, provider_payment_id, cause_event_id, trace_id, correlation_id, reason,
       held_at, next_attempt_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     on conflict (escrow_id, attempt) do update
       set reason = excluded.reason, next_attempt_at = excluded.next_attempt_at
       where payments.held_transfers.settled_at is null`,
    [
      held.escrowId,
      held.attempt,
      held.sellerId,
      held.rail,
      held.amountMinor,
      held.feeMinor,
      held.currency,
      held.providerPaymentId,
      held.causeEventId,
      held.traceId,
      held.correlationId,
      held.reason,
      options.at,
      options.nextAttemptAt,
    ],
  );
  return before.rows[0]?.reason !== held.reason;
}

/**
 * Takes up to `limit` held releases that are due, skipping those another replica holds, and
 * pushes their next attempt to `leaseUntil`: a pass that dies halfway leaves them for a later one.
 */
export async function claimDueHeldTransfers(
  tx: Queryable,
  now: Date,
  limit: number,
  leaseUntil: Date,
): Promise<HeldTransfer[]> {
  const { rows } = await tx.query<HeldRow>(
    `update payments.held_transfers h set next_attempt_at = $3
     from (select escrow_id, attempt from payments.held_transfers
           where settled_at is null and next_attempt_at <= $1
           order by next_attempt_at limit $2 for update skip locked) due
     where h.escrow_id = due.escrow_id and h.attempt = due.attempt
     returning h.escrow_id, h.attempt, h.seller_id, h.rail, h.amount_minor, h.fee_minor,
       h.currency, h.provider_payment_id, h.cause_event_id, h.trace_id, h.correlation_id,
       h.reason`,
    [now, limit, leaseUntil],
  );
  return rows.map(toHeld);
}

/** Closes a held release attempt once the provider paid or refused it. */
export async function settleHeldTransfer(
  tx: Queryable,
  escrowId: string,
  attempt: number,
  outcome: 'PAID' | 'FAILED',
  at: Date,
): Promise<void> {
  await tx.query(
    `update payments.held_transfers set settled_at = $4, outcome = $3
     where escrow_id = $1 and attempt = $2 and settled_at is null`,
    [escrowId, attempt, outcome, at],
  );
}

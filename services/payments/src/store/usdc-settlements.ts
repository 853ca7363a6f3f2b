import type { Queryable } from '@bloxtr8/db';

export type UsdcSettlementKind = 'RELEASE' | 'REFUND';

/** A release or refund the escrow asked for, with the command its events are caused by. */
export interface UsdcSettlement {
  readonly escrowId: string;
  readonly kind: UsdcSettlementKind;
  readonly attempt: number;
  /** A release: the payout; a refund: what goes back. */
  readonly amountMinor: bigint;
  readonly feeMinor: bigint;
  readonly destination: string;
  readonly causeEventId: string;
  readonly traceId: string;
  readonly correlationId: string;
}

interface SettlementRow {
  escrow_id: string;
  kind: UsdcSettlementKind;
  attempt: number;
  amount_minor: bigint;
  fee_minor: bigint;
  destination: string;
  cause_event_id: string;
  trace_id: string;
  correlation_id: string;
}

function toSettlement(row: SettlementRow): UsdcSettlement {
  return {
    escrowId: row.escrow_id,
    kind: row.kind,
    attempt: row.attempt,
    amountMinor: row.amount_minor,
    feeMinor: row.fee_minor,
    destination: row.destination,
    causeEventId: row.cause_event_id,
    traceId: row.trace_id,
    correlationId: row.correlation_id,
  };
}

export async function saveSettlement(tx: Queryable, settlement: UsdcSettlement): Promise<void> {
  await tx.query(
    `insert into payments.usdc_settlements (escrow_id, kind, attempt, amount_minor, fee_minor,
       destination, cause_event_id, trace_id, correlation_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing`,
    [
      settlement.escrowId,
      settlement.kind,
      settlement.attempt,
      settlement.amountMinor,
      settlement.feeMinor,
      settlement.destination,
      settlement.causeEventId,
      settlement.traceId,
      settlement.correlationId,
    ],
  );
}

/** The escrow's settlements of `kind` still waiting for the chain, locked. */
export async function lockPendingSettlements(
  tx: Queryable,
  escrowId: string,
  kind: UsdcSettlementKind,
): Promise<UsdcSettlement[]> {
  const { rows } = await tx.query<SettlementRow>(
    `select escrow_id, kind, attempt, amount_minor, fee_minor, destination, cause_event_id,
       trace_id, correlation_id
     from payments.usdc_settlements where escrow_id = $1 and kind = $2 and status = 'PENDING'
     order by attempt for update`,
    [escrowId, kind],
  );
  return rows.map(toSettlement);
}

export async function closeSettlement(
  tx: Queryable,
  settlement: Pick<UsdcSettlement, 'escrowId' | 'kind' | 'attempt'>,
  outcome: { readonly status: 'SUCCEEDED' | 'FAILED'; readonly failureCode?: string },
  at: Date,
): Promise<void> {
  await tx.query(
    `update payments.usdc_settlements set status = $4, failure_code = $5, settled_at = $6
     where escrow_id = $1 and kind = $2 and attempt = $3 and status = 'PENDING'`,
    [
      settlement.escrowId,
      settlement.kind,
      settlement.attempt,
      outcome.status,
      outcome.failureCode ?? null,
      at,
    ],
  );
}

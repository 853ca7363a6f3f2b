import type { Queryable } from '@bloxtr8/db';

export type DiscrepancyKind =
  | 'PAYMENT_NOT_RECORDED'
  | 'STATE_MISMATCH'
  | 'AMOUNT_MISMATCH'
  | 'LEDGER_IMBALANCE';

export interface Discrepancy {
  readonly id: string;
  readonly escrowId: string;
  readonly rail: 'STRIPE' | 'USDC_BASE';
  readonly kind: DiscrepancyKind;
  readonly platformState: string;
  readonly providerState: string;
  readonly detail: string;
}

/** Records a disagreement between the platform and a provider for people to look at. */
export async function recordDiscrepancy(tx: Queryable, discrepancy: Discrepancy): Promise<void> {
  await tx.query(
    `insert into payments.reconciliation_discrepancies (id, escrow_id, rail, kind, platform_state, provider_state, detail)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing`,
    [
      discrepancy.id,
      discrepancy.escrowId,
      discrepancy.rail,
      discrepancy.kind,
      discrepancy.platformState,
      discrepancy.providerState,
      discrepancy.detail,
    ],
  );
}

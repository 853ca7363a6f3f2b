import type { CurrencyCode, RailName } from '@bloxtr8/contracts';
import type { SqlParam } from '@bloxtr8/db';
import type { EscrowViewState, SettlementKind } from '../model/escrow-facts.ts';
import type { EscrowView } from '../model/escrow-view.ts';

/** The columns of projections.escrow_views that the fold writes, in one place. */
export const VIEW_COLUMNS = [
  'contract_id',
  'offer_id',
  'listing_id',
  'buyer_id',
  'seller_id',
  'amount_minor',
  'currency',
  'rail',
  'network',
  'state',
  'provider_payment_id',
  'deposit_address',
  'funding_deadline_at',
  'funded_at',
  'delivered_at',
  'auto_release_at',
  'settlement_kind',
  'settlement_attempt',
  'dispute_raised_by',
  'dispute_reason',
  'dispute_detail',
  'disputed_at',
  'disputed_from',
  'dispute_stale_at',
  'dispute_resolution',
  'dispute_resolved_by',
  'dispute_resolved_at',
  'fee_minor',
  'payout_minor',
  'refunded_minor',
  'provider_transfer_id',
  'provider_refund_id',
  'closed_reason',
  'closed_at',
  'last_failure_kind',
  'last_failure_code',
  'last_failure_message',
  'last_failure_at',
  'created_at',
  'updated_at',
  'last_event_at',
  'events_applied',
] as const;

export type ViewColumn = (typeof VIEW_COLUMNS)[number];

/** A view as column values; the record type makes the compiler check that none is forgotten. */
export function viewColumnValues(view: EscrowView): Record<ViewColumn, SqlParam> {
  const { dispute, lastFailure } = view;
  return {
    contract_id: view.contractId,
    offer_id: view.offerId,
    listing_id: view.listingId,
    buyer_id: view.buyerId,
    seller_id: view.sellerId,
    amount_minor: view.amountMinor,
    currency: view.currency,
    rail: view.rail,
    network: view.network,
    state: view.state,
    provider_payment_id: view.providerPaymentId,
    deposit_address: view.depositAddress,
    funding_deadline_at: view.fundingDeadlineAt,
    funded_at: view.fundedAt,
    delivered_at: view.deliveredAt,
    auto_release_at: view.autoReleaseAt,
    settlement_kind: view.settlementKind,
    settlement_attempt: view.settlementAttempt,
    dispute_raised_by: dispute?.raisedBy ?? null,
    dispute_reason: dispute?.reason ?? null,
    dispute_detail: dispute?.detail ?? null,
    disputed_at: dispute?.disputedAt ?? null,
    disputed_from: dispute?.disputedFrom ?? null,
    dispute_stale_at: dispute?.staleAt ?? null,
    dispute_resolution: dispute?.resolution?.outcome ?? null,
    dispute_resolved_by: dispute?.resolution?.resolvedBy ?? null,
    dispute_resolved_at: dispute?.resolution?.resolvedAt ?? null,
    fee_minor: view.feeMinor,
    payout_minor: view.payoutMinor,
    refunded_minor: view.refundedMinor,
    provider_transfer_id: view.providerTransferId,
    provider_refund_id: view.providerRefundId,
    closed_reason: view.closedReason,
    closed_at: view.closedAt,
    last_failure_kind: lastFailure?.kind ?? null,
    last_failure_code: lastFailure?.code ?? null,
    last_failure_message: lastFailure?.message ?? null,
    last_failure_at: lastFailure?.failedAt ?? null,
    created_at: view.createdAt,
    updated_at: view.updatedAt,
    last_event_at: view.lastEventAt,
    events_applied: view.eventsApplied,
  };
}

/** A row of projections.escrow_views as the drivers return it. */
export interface EscrowViewRow {
  readonly escrow_id: string;
  readonly contract_id: string | null;
  readonly offer_id: string | null;
  readonly listing_id: string | null;
  readonly buyer_id: string | null;
  readonly seller_id: string | null;
  readonly amount_minor: bigint | null;
  readonly currency: CurrencyCode | null;
  readonly rail: RailName | null;
  readonly network: 'BASE' | null;
  readonly state: EscrowViewState | null;
  readonly provider_payment_id: string | null;
  readonly deposit_address: string | null;
  readonly funding_deadline_at: Date | null;
  readonly funded_at: Date | null;
  readonly delivered_at: Date | null;
  readonly auto_release_at: Date | null;
  readonly settlement_kind: SettlementKind | null;
  readonly settlement_attempt: number | null;
  readonly dispute_raised_by: string | null;
  readonly dispute_reason: string | null;
  readonly dispute_detail: string | null;
  readonly disputed_at: Date | null;
  readonly disputed_from: string | null;
  readonly dispute_stale_at: Date | null;
  readonly dispute_resolution: SettlementKind | null;
  readonly dispute_resolved_by: string | null;
  readonly dispute_resolved_at: Date | null;
  readonly fee_minor: bigint | null;
  readonly payout_minor: bigint | null;
  readonly refunded_minor: bigint | null;
  readonly provider_transfer_id: string | null;
  readonly provider_refund_id: string | null;
  readonly closed_reason: string | null;
  readonly closed_at: Date | null;
  readonly last_failure_kind: SettlementKind | null;
  readonly last_failure_code: string | null;
  readonly last_failure_message: string | null;
  readonly last_failure_at: Date | null;
  readonly created_at: Date | null;
  readonly updated_at: Date | null;
  readonly last_event_at: Date | null;
  readonly events_applied: number;
}

export function escrowViewOfRow(row: EscrowViewRow): EscrowView {
  return {
    escrowId: row.escrow_id,
    contractId: row.contract_id,
    offerId: row.offer_id,
    listingId: row.listing_id,
    buyerId: row.buyer_id,
    sellerId: row.seller_id,
    amountMinor: row.amount_minor,
    currency: row.currency,
    rail: row.rail,
    network: row.network,
    state: row.state,
    providerPaymentId: row.provider_payment_id,
    depositAddress: row.deposit_address,
    fundingDeadlineAt: row.funding_deadline_at,
    fundedAt: row.funded_at,
    deliveredAt: row.delivered_at,
    autoReleaseAt: row.auto_release_at,
    settlementKind: row.settlement_kind,
    settlementAttempt: row.settlement_attempt,
    dispute: disputeOfRow(row),
    feeMinor: row.fee_minor,
    payoutMinor: row.payout_minor,
    refundedMinor: row.refunded_minor,
    providerTransferId: row.provider_transfer_id,
    providerRefundId: row.provider_refund_id,
    closedReason: row.closed_reason,
    closedAt: row.closed_at,
    lastFailure:
      row.last_failure_at === null
        ? null
        : {
            kind: row.last_failure_kind,
            code: row.last_failure_code ?? '',
            message: row.last_failure_message ?? '',
            failedAt: row.last_failure_at,
          },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastEventAt: row.last_event_at,
    eventsApplied: row.events_applied,
  };
}

function disputeOfRow(row: EscrowViewRow): EscrowView['dispute'] {
  if (row.disputed_at === null) return null;
  return {
    raisedBy: row.dispute_raised_by,
    reason: row.dispute_reason,
    detail: row.dispute_detail ?? '',
    disputedAt: row.disputed_at,
    disputedFrom: row.disputed_from,
    staleAt: row.dispute_stale_at,
    resolution:
      row.dispute_resolution === null || row.dispute_resolved_at === null
        ? null
        : {
            outcome: row.dispute_resolution,
            resolvedBy: row.dispute_resolved_by,
            resolvedAt: row.dispute_resolved_at,
          },
  };
}

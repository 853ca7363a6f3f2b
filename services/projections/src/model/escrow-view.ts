import type { CurrencyCode, RailName } from '@bloxtr8/contracts';
import type { EscrowViewState, SettlementKind } from './escrow-facts.ts';

/** How a dispute was decided: the moderator's settlement, once started. */
export interface DisputeResolutionView {
  readonly outcome: SettlementKind;
  readonly resolvedBy: string | null;
  readonly resolvedAt: Date;
}

export interface DisputeView {
  readonly raisedBy: string | null;
  readonly reason: string | null;
  /** The party's own words; shown to moderators and the parties, never put on the timeline. */
  readonly detail: string;
  readonly disputedAt: Date;
  readonly disputedFrom: string | null;
  /** Set once the dispute outlived the alert threshold (EscrowDisputeStale). */
  readonly staleAt: Date | null;
  /** Null while open; cleared again if the resolving settlement failed. */
  readonly resolution: DisputeResolutionView | null;
}

/** The provider's last refusal of a settlement (EscrowSettlementFailed). */
export interface SettlementFailureView {
  readonly kind: SettlementKind | null;
  readonly code: string;
  readonly message: string;
  readonly failedAt: Date;
}

/**
 * One escrow as the gateway shows it: the fold of every event its timeline holds. Fields are null
 * until an event says what they are (e.g. a payment intent projected before the escrow's creation).
 */
export interface EscrowView {
  readonly escrowId: string;
  readonly contractId: string | null;
  readonly offerId: string | null;
  readonly listingId: string | null;
  readonly buyerId: string | null;
  readonly sellerId: string | null;
  readonly amountMinor: bigint | null;
  readonly currency: CurrencyCode | null;
  readonly rail: RailName | null;
  readonly network: 'BASE' | null;
  readonly state: EscrowViewState | null;
  readonly providerPaymentId: string | null;
  /** USDC: where the buyer sends the funds. (Stripe's client secret is the payments service's.) */
  readonly depositAddress: string | null;
  readonly fundingDeadlineAt: Date | null;
  readonly fundedAt: Date | null;
  readonly deliveredAt: Date | null;
  /** When the funds go to the seller unless disputed first; null outside DELIVERED. */
  readonly autoReleaseAt: Date | null;
  readonly settlementKind: SettlementKind | null;
  readonly settlementAttempt: number | null;
  readonly dispute: DisputeView | null;
  readonly feeMinor: bigint | null;
  readonly payoutMinor: bigint | null;
  readonly refundedMinor: bigint | null;
  readonly providerTransferId: string | null;
  readonly providerRefundId: string | null;
  /** Why the escrow closed: a release, refund or cancel reason. */
  readonly closedReason: string | null;
  readonly closedAt: Date | null;
  readonly lastFailure: SettlementFailureView | null;
  readonly createdAt: Date | null;
  /** The escrow's own last change (escrow.events.v1). */
  readonly updatedAt: Date | null;
  /** The newest event of either topic. */
  readonly lastEventAt: Date | null;
  /** Events folded into this view (refusals excluded: they change nothing). */
  readonly eventsApplied: number;
}

export function emptyEscrowView(escrowId: string): EscrowView {
  return {
    escrowId,
    contractId: null,
    offerId: null,
    listingId: null,
    buyerId: null,
    sellerId: null,
    amountMinor: null,
    currency: null,
    rail: null,
    network: null,
    state: null,
    providerPaymentId: null,
    depositAddress: null,
    fundingDeadlineAt: null,
    fundedAt: null,
    deliveredAt: null,
    autoReleaseAt: null,
    settlementKind: null,
    settlementAttempt: null,
    dispute: null,
    feeMinor: null,
    payoutMinor: null,
    refundedMinor: null,
    providerTransferId: null,
    providerRefundId: null,
    closedReason: null,
    closedAt: null,
    lastFailure: null,
    createdAt: null,
    updatedAt: null,
    lastEventAt: null,
    eventsApplied: 0,
  };
}

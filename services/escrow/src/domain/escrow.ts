import type { CurrencyCode, RailName } from '@bloxtr8/contracts';

/** SPEC §4's states, with money in flight made explicit (RELEASE_PENDING, REFUND_PENDING). */
export type EscrowStatus =
  | 'AWAIT_FUNDS'
  | 'FUNDS_HELD'
  | 'DELIVERED'
  | 'DISPUTED'
  | 'RELEASE_PENDING'
  | 'REFUND_PENDING'
  | 'RELEASED'
  | 'REFUNDED'
  | 'CANCELLED';

/** Where a settlement returns to when the provider fails it. */
export type ReturnState = 'FUNDS_HELD' | 'DELIVERED' | 'DISPUTED';
export type SettlementKind = 'RELEASE' | 'REFUND';
export type ReleaseReason = 'BUYER_CONFIRMED' | 'AUTO_RELEASE' | 'DISPUTE_RESOLVED';
export type RefundReason = 'CANCELLED_AFTER_FUNDING' | 'AML_FAILURE' | 'DISPUTE_RESOLVED';
export type CancelReason = 'MANUAL' | 'TIMEOUT';
export type DisputeReason = 'NOT_DELIVERED' | 'NOT_AS_DESCRIBED' | 'BUYER_UNRESPONSIVE' | 'OTHER';
export type KycTier = 'TIER_0' | 'TIER_1' | 'TIER_2';

export const TERMINAL_STATUSES: readonly EscrowStatus[] = ['RELEASED', 'REFUNDED', 'CANCELLED'];
export const PENDING_STATUSES: readonly EscrowStatus[] = ['RELEASE_PENDING', 'REFUND_PENDING'];

export function isTerminal(status: EscrowStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** What the two parties agreed, fixed when the escrow is created. */
export interface EscrowTerms {
  readonly escrowId: string;
  readonly contractId: string;
  readonly offerId: string;
  readonly listingId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  /** In the rail's minor units: USD cents, or USDC base units (6 decimals). */
  readonly amountMinor: bigint;
  readonly currency: CurrencyCode;
  readonly rail: RailName;
  readonly network: 'BASE' | null;
  /** Stripe connected account id or wallet address the seller is paid to. */
  readonly sellerPayoutRef: string;
}

export interface Settlement {
  readonly kind: SettlementKind;
  readonly returnState: ReturnState;
  readonly attempt: number;
  readonly actorId: string;
  readonly releaseReason: ReleaseReason | null;
  readonly refundReason: RefundReason | null;
  /** For a transfer: the platform fee kept and what the seller receives. */
  readonly feeMinor: bigint;
  /** A moderator's note when the settlement resolves a dispute. */
  readonly note: string;
}

export interface Escrow {
  readonly terms: EscrowTerms;
  readonly status: EscrowStatus;
  readonly providerPaymentId: string | null;
  readonly settlement: Settlement | null;
  /** Settlements started so far; numbers each provider request so a retry is a new request. */
  readonly settlementAttempts: number;
  /** Events applied so far; the next event is version + 1. */
  readonly version: number;
  readonly stateEnteredAt: Date;
  readonly fundingDeadlineAt: Date | null;
  readonly autoReleaseAt: Date | null;
  readonly disputedAt: Date | null;
  readonly disputeAlertedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Facts, in the past tense. Each changes the escrow (see `evolve`) and goes to escrow.events.v1. */
export type EscrowEvent =
  | { readonly type: 'EscrowCreated'; readonly at: Date; readonly terms: EscrowTerms }
  | { readonly type: 'EscrowAwaitFunds'; readonly at: Date; readonly fundingDeadlineAt: Date }
  | {
      readonly type: 'EscrowFundsHeld';
      readonly at: Date;
      readonly providerPaymentId: string;
      readonly amountMinor: bigint;
      readonly currency: CurrencyCode;
    }
  | {
      readonly type: 'EscrowDelivered';
      readonly at: Date;
      readonly actorId: string;
      readonly note: string;
      readonly autoReleaseAt: Date;
    }
  | {
      readonly type: 'EscrowDisputed';
      readonly at: Date;
      readonly actorId: string;
      readonly reason: DisputeReason;
      readonly detail: string;
      readonly disputedFrom: 'FUNDS_HELD' | 'DELIVERED';
    }
  | { readonly type: 'EscrowSettlementStarted'; readonly at: Date; readonly settlement: Settlement }
  | {
      readonly type: 'EscrowSettlementFailed';
      readonly at: Date;
      readonly kind: SettlementKind;
      readonly returnState: ReturnState;
      readonly failureCode: string;
      readonly failureMessage: string;
      /** When the escrow returns to DELIVERED: the next automatic release attempt. */
      readonly autoReleaseAt: Date | null;
    }
  | {
      readonly type: 'EscrowReleased';
      readonly at: Date;
      readonly providerTransferId: string;
      readonly amountMinor: bigint;
      readonly feeMinor: bigint;
      readonly payoutMinor: bigint;
      readonly reason: ReleaseReason;
    }
  | {
      readonly type: 'EscrowRefunded';
      readonly at: Date;
      readonly providerRefundId: string;
      readonly amountMinor: bigint;
      readonly reason: RefundReason;
    }
  | {
      readonly type: 'EscrowCancelled';
      readonly at: Date;
      readonly actorId: string;
      readonly reason: CancelReason;
    }
  | { readonly type: 'EscrowDisputeStale'; readonly at: Date; readonly disputedAt: Date };

export type EscrowEventType = EscrowEvent['type'];

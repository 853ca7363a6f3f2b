import type { CurrencyCode, RailName } from '@bloxtr8/contracts';

/** SPEC §4's states with the explicit in-flight settlements (ADR 0007). */
export type EscrowViewState =
  | 'AWAIT_FUNDS'
  | 'FUNDS_HELD'
  | 'DELIVERED'
  | 'DISPUTED'
  | 'RELEASE_PENDING'
  | 'REFUND_PENDING'
  | 'RELEASED'
  | 'REFUNDED'
  | 'CANCELLED';

export type SettlementKind = 'RELEASE' | 'REFUND';
export type ReturnState = 'FUNDS_HELD' | 'DELIVERED' | 'DISPUTED';

/** What every fact carries, whichever topic it came from. */
export interface FactBase {
  readonly eventId: string;
  readonly escrowId: string;
  readonly occurredAt: Date;
  /** The message that caused this one (for escrow events: the command), if any. */
  readonly causationId: string | null;
  /** Who acted, when the event names someone (a user id, or `platform` for the sweeper). */
  readonly actorId: string | null;
  /**
   * Escrow events only: the event's place in its escrow's history (escrow_version on the wire).
   * It orders one escrow's events even when the clocks of the replicas that wrote them disagree.
   */
  readonly escrowVersion?: number;
}

/**
 * The escrow's events, normalised from escrow.events.v1. Keys ending in `Minor` are bigint money,
 * keys ending in `At` are instants: the timeline's JSON codec relies on it.
 */
export type EscrowEventFact = FactBase &
  (
    | {
        readonly type: 'EscrowCreated';
        readonly contractId: string;
        readonly offerId: string;
        readonly listingId: string;
        readonly buyerId: string;
        readonly sellerId: string;
        readonly amountMinor: bigint;
        readonly currency: CurrencyCode | null;
        readonly rail: RailName | null;
        readonly network: 'BASE' | null;
      }
    | { readonly type: 'EscrowAwaitFunds'; readonly fundingDeadlineAt: Date | null }
    | {
        readonly type: 'EscrowFundsHeld';
        readonly providerPaymentId: string;
        readonly amountMinor: bigint;
      }
    | {
        readonly type: 'EscrowDelivered';
        readonly autoReleaseAt: Date | null;
        readonly deliveryNote: string;
      }
    | {
        readonly type: 'EscrowDisputed';
        readonly disputeReason: string | null;
        readonly disputeDetail: string;
        readonly disputedFrom: string | null;
      }
    | { readonly type: 'EscrowDisputeStale'; readonly disputedAt: Date | null }
    | {
        readonly type: 'EscrowSettlementStarted';
        readonly kind: SettlementKind | null;
        readonly returnState: string | null;
        readonly releaseReason: string | null;
        readonly refundReason: string | null;
        readonly attempt: number;
        readonly feeMinor: bigint;
      }
    | {
        readonly type: 'EscrowSettlementFailed';
        readonly kind: SettlementKind | null;
        readonly returnState: string | null;
        readonly failureCode: string;
        readonly failureMessage: string;
        readonly autoReleaseAt: Date | null;
      }
    | {
        readonly type: 'EscrowReleased';
        readonly providerTransferId: string;
        readonly amountMinor: bigint;
        readonly feeMinor: bigint;
        readonly payoutMinor: bigint;
        readonly releaseReason: string | null;
      }
    | {
        readonly type: 'EscrowRefunded';
        readonly providerRefundId: string;
        readonly amountMinor: bigint;
        readonly refundReason: string | null;
      }
    | { readonly type: 'EscrowCancelled'; readonly cancelReason: string | null }
    | {
        readonly type: 'EscrowCommandRejected';
        readonly commandEventId: string;
        readonly commandType: string;
        readonly reasonCode: string;
        readonly rejectionDetail: string;
      }
  );

/** The payment events that concern the buyer's payment and the settlement (payments.events.v1). */
export type PaymentEventFact = FactBase &
  (
    | {
        readonly type: 'PaymentIntentCreated';
        readonly rail: RailName | null;
        readonly providerPaymentId: string;
        readonly amountMinor: bigint;
        readonly currency: CurrencyCode | null;
        readonly depositAddress: string;
      }
    | {
        readonly type: 'PaymentSucceeded';
        readonly providerPaymentId: string;
        readonly amountMinor: bigint;
        readonly currency: CurrencyCode | null;
        readonly txHash: string;
      }
    | {
        readonly type: 'PaymentFailed';
        readonly providerPaymentId: string;
        readonly failureCode: string;
        readonly failureMessage: string;
      }
    | {
        readonly type: 'TransferSucceeded';
        readonly providerTransferId: string;
        readonly amountMinor: bigint;
        readonly feeMinor: bigint;
        readonly txHash: string;
      }
    | {
        readonly type: 'TransferFailed';
        readonly failureCode: string;
        readonly failureMessage: string;
      }
    | {
        /** The release waits for the seller to be payable (the escrow stays RELEASE_PENDING). */
        readonly type: 'TransferHeld';
        readonly sellerId: string;
        readonly holdReason: string;
        readonly holdMessage: string;
        readonly attempt: number;
      }
    | {
        readonly type: 'RefundSucceeded';
        readonly providerRefundId: string;
        readonly amountMinor: bigint;
        readonly txHash: string;
      }
    | {
        readonly type: 'RefundFailed';
        readonly failureCode: string;
        readonly failureMessage: string;
      }
  );

export type EscrowFact = EscrowEventFact | PaymentEventFact;
export type EscrowFactType = EscrowFact['type'];

/** Fields the fold needs that a timeline must never show: the parties' free text. */
export const SEALED_FIELDS: ReadonlySet<string> = new Set(['deliveryNote', 'disputeDetail']);

/** Order of occurrence, the event id (UUIDv7, creation order) breaking ties: total and stable. */
export function compareFacts(
  a: Pick<FactBase, 'occurredAt' | 'eventId'>,
  b: Pick<FactBase, 'occurredAt' | 'eventId'>,
): number {
  const byTime = a.occurredAt.getTime() - b.occurredAt.getTime();
  if (byTime !== 0) return byTime;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

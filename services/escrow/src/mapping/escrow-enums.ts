import {
  CancelReason,
  DisputeOutcome,
  DisputeReason,
  EscrowState,
  enumMapping,
  RefundReason,
  ReleaseReason,
  SettlementKind,
} from '@bloxtr8/contracts';
import type * as Domain from '../domain/escrow.ts';

export const RELEASE_REASONS = enumMapping<ReleaseReason, Domain.ReleaseReason>([
  [ReleaseReason.BUYER_CONFIRMED, 'BUYER_CONFIRMED'],
  [ReleaseReason.AUTO_RELEASE, 'AUTO_RELEASE'],
  [ReleaseReason.DISPUTE_RESOLVED, 'DISPUTE_RESOLVED'],
]);

export const REFUND_REASONS = enumMapping<RefundReason, Domain.RefundReason>([
  [RefundReason.CANCELLED_AFTER_FUNDING, 'CANCELLED_AFTER_FUNDING'],
  [RefundReason.AML_FAILURE, 'AML_FAILURE'],
  [RefundReason.DISPUTE_RESOLVED, 'DISPUTE_RESOLVED'],
]);

export const CANCEL_REASONS = enumMapping<CancelReason, Domain.CancelReason>([
  [CancelReason.MANUAL, 'MANUAL'],
  [CancelReason.TIMEOUT, 'TIMEOUT'],
]);

export const DISPUTE_REASONS = enumMapping<DisputeReason, Domain.DisputeReason>([
  [DisputeReason.NOT_DELIVERED, 'NOT_DELIVERED'],
  [DisputeReason.NOT_AS_DESCRIBED, 'NOT_AS_DESCRIBED'],
  [DisputeReason.BUYER_UNRESPONSIVE, 'BUYER_UNRESPONSIVE'],
  [DisputeReason.OTHER, 'OTHER'],
]);

export const DISPUTE_OUTCOMES = enumMapping<DisputeOutcome, 'RELEASE' | 'REFUND'>([
  [DisputeOutcome.RELEASE, 'RELEASE'],
  [DisputeOutcome.REFUND, 'REFUND'],
]);

export const SETTLEMENT_KINDS = enumMapping<SettlementKind, Domain.SettlementKind>([
  [SettlementKind.RELEASE, 'RELEASE'],
  [SettlementKind.REFUND, 'REFUND'],
]);

export const ESCROW_STATES = enumMapping<EscrowState, Domain.EscrowStatus>([
  [EscrowState.AWAIT_FUNDS, 'AWAIT_FUNDS'],
  [EscrowState.FUNDS_HELD, 'FUNDS_HELD'],
  [EscrowState.DELIVERED, 'DELIVERED'],
  [EscrowState.DISPUTED, 'DISPUTED'],
  [EscrowState.RELEASE_PENDING, 'RELEASE_PENDING'],
  [EscrowState.REFUND_PENDING, 'REFUND_PENDING'],
  [EscrowState.RELEASED, 'RELEASED'],
  [EscrowState.REFUNDED, 'REFUNDED'],
  [EscrowState.CANCELLED, 'CANCELLED'],
]);

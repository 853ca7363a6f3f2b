import type { EscrowEventEnvelope, EventMeta, PaymentCommandEnvelope } from '@bloxtr8/contracts';
import {
  CancelPaymentSchema,
  CreatePaymentIntentSchema,
  CURRENCIES,
  EscrowAwaitFundsSchema,
  EscrowCancelledSchema,
  EscrowCreatedSchema,
  EscrowDeliveredSchema,
  EscrowDisputedSchema,
  EscrowDisputeStaleSchema,
  EscrowEventEnvelopeSchema,
  EscrowFundsHeldSchema,
  EscrowRefundedSchema,
  EscrowReleasedSchema,
  EscrowSettlementFailedSchema,
  EscrowSettlementStartedSchema,
  InitiateRefundSchema,
  NETWORKS,
  Network,
  PaymentCommandEnvelopeSchema,
  RAILS,
  RefundReason,
  ReleaseReason,
  TransferToSellerSchema,
} from '@bloxtr8/contracts';
import { assertNever } from '@bloxtr8/platform';
import { create } from '@bufbuild/protobuf';
import type { Escrow, EscrowEvent, EscrowTerms } from '../domain/escrow.ts';
import type { PaymentInstruction } from '../domain/payment-instructions.ts';
import {
  CANCEL_REASONS,
  DISPUTE_REASONS,
  ESCROW_STATES,
  REFUND_REASONS,
  RELEASE_REASONS,
  SETTLEMENT_KINDS,
} from './escrow-enums.ts';

const iso = (instant: Date | null) => instant?.toISOString() ?? '';

function termsFields(terms: EscrowTerms) {
  return {
    escrowId: terms.escrowId,
    contractId: terms.contractId,
    offerId: terms.offerId,
    listingId: terms.listingId,
    buyerId: terms.buyerId,
    sellerId: terms.sellerId,
    amountMinor: terms.amountMinor,
    currency: CURRENCIES.toWire(terms.currency),
    rail: RAILS.toWire(terms.rail),
    network: terms.network === null ? Network.UNSPECIFIED : NETWORKS.toWire(terms.network),
  };
}

/**
 * A domain event as it travels on escrow.events.v1. `escrow` is the state the event produced: it
 * supplies the event's place in the escrow's history and the terms some events repeat.
 */
export function toEscrowEventEnvelope(
  event: EscrowEvent,
  escrow: Escrow,
  meta: EventMeta,
): EscrowEventEnvelope {
  const envelope = (value: EscrowEventEnvelope['event']) =>
    create(EscrowEventEnvelopeSchema, { event: value });
  // Every event says which escrow it belongs to and its place in that escrow's history.
  const head = { meta, escrowId: escrow.terms.escrowId, escrowVersion: escrow.version };
  const currency = CURRENCIES.toWire(escrow.terms.currency);
  switch (event.type) {
    case 'EscrowCreated':
      return envelope({
        case: 'escrowCreated',
        value: create(EscrowCreatedSchema, { ...head, ...termsFields(event.terms) }),
      });
    case 'EscrowAwaitFunds':
      return envelope({
        case: 'escrowAwaitFunds',
        value: create(EscrowAwaitFundsSchema, {
          ...head,
          rail: RAILS.toWire(escrow.terms.rail),
          amountMinor: escrow.terms.amountMinor,
          currency,
          fundingDeadlineAt: iso(event.fundingDeadlineAt),
        }),
      });
    case 'EscrowFundsHeld':
      return envelope({
        case: 'escrowFundsHeld',
        value: create(EscrowFundsHeldSchema, {
          ...head,
          providerPaymentId: event.providerPaymentId,
          amountMinor: event.amountMinor,
          currency: CURRENCIES.toWire(event.currency),
        }),
      });
    case 'EscrowDelivered':
      return envelope({
        case: 'escrowDelivered',
        value: create(EscrowDeliveredSchema, {
          ...head,
          actorId: event.actorId,
          autoReleaseAt: iso(event.autoReleaseAt),
          note: event.note,
        }),
      });
    case 'EscrowDisputed':
      return envelope({
        case: 'escrowDisputed',
        value: create(EscrowDisputedSchema, {
          ...head,
          actorId: event.actorId,
          reason: DISPUTE_REASONS.toWire(event.reason),
          detail: event.detail,
          disputedFrom: ESCROW_STATES.toWire(event.disputedFrom),
        }),
      });
    case 'EscrowSettlementStarted': {
      const { settlement } = event;
      return envelope({
        case: 'escrowSettlementStarted',
        value: create(EscrowSettlementStartedSchema, {
          ...head,
          kind: SETTLEMENT_KINDS.toWire(settlement.kind),
          returnState: ESCROW_STATES.toWire(settlement.returnState),
          actorId: settlement.actorId,
          releaseReason:
            settlement.releaseReason === null
              ? ReleaseReason.UNSPECIFIED
              : RELEASE_REASONS.toWire(settlement.releaseReason),
          refundReason:
            settlement.refundReason === null
              ? RefundReason.UNSPECIFIED
              : REFUND_REASONS.toWire(settlement.refundReason),
          attempt: settlement.attempt,
          feeMinor: settlement.feeMinor,
          note: settlement.note,
        }),
      });
    }
    case 'EscrowSettlementFailed':
      return envelope({
        case: 'escrowSettlementFailed',
        value: create(EscrowSettlementFailedSchema, {
          ...head,
          kind: SETTLEMENT_KINDS.toWire(event.kind),
          returnState: ESCROW_STATES.toWire(event.returnState),
          failureCode: event.failureCode,
          failureMessage: event.failureMessage,
          autoReleaseAt: iso(event.autoReleaseAt),
        }),
      });
    case 'EscrowReleased':
      return envelope({
        case: 'escrowReleased',
        value: create(EscrowReleasedSchema, {
          ...head,
          providerTransferId: event.providerTransferId,
          amountMinor: event.amountMinor,
          feeMinor: event.feeMinor,
          payoutMinor: event.payoutMinor,
          currency,
          reason: RELEASE_REASONS.toWire(event.reason),
        }),
      });
    case 'EscrowRefunded':
      return envelope({
        case: 'escrowRefunded',
        value: create(EscrowRefundedSchema, {
          ...head,
          providerRefundId: event.providerRefundId,
          amountMinor: event.amountMinor,
          currency,
          reason: REFUND_REASONS.toWire(event.reason),
        }),
      });
    case 'EscrowCancelled':
      return envelope({
        case: 'escrowCancelled',
        value: create(EscrowCancelledSchema, {
          ...head,
          actorId: event.actorId,
          reason: CANCEL_REASONS.toWire(event.reason),
        }),
      });
    case 'EscrowDisputeStale':
      return envelope({
        case: 'escrowDisputeStale',
        value: create(EscrowDisputeStaleSchema, {
          ...head,
          disputedAt: iso(event.disputedAt),
        }),
      });
    default:
      return assertNever(event, 'escrow event');
  }
}

/** A payment instruction as it travels on payments.commands.v1. */
export function toPaymentCommandEnvelope(
  instruction: PaymentInstruction,
  meta: EventMeta,
): PaymentCommandEnvelope {
  const envelope = (value: PaymentCommandEnvelope['command']) =>
    create(PaymentCommandEnvelopeSchema, { command: value });
  const rail = RAILS.toWire(instruction.rail);
  switch (instruction.type) {
    case 'CreatePaymentIntent':
      return envelope({
        case: 'createPaymentIntent',
        value: create(CreatePaymentIntentSchema, {
          meta,
          escrowId: instruction.escrowId,
          rail,
          amountMinor: instruction.amountMinor,
          currency: CURRENCIES.toWire(instruction.currency),
          buyerId: instruction.buyerId,
          sellerId: instruction.sellerId,
        }),
      });
    case 'TransferToSeller':
      return envelope({
        case: 'transferToSeller',
        value: create(TransferToSellerSchema, {
          meta,
          escrowId: instruction.escrowId,
          rail,
          amountMinor: instruction.amountMinor,
          feeMinor: instruction.feeMinor,
          currency: CURRENCIES.toWire(instruction.currency),
          destinationRef: instruction.destinationRef,
          providerPaymentId: instruction.providerPaymentId,
          attempt: instruction.attempt,
          sellerId: instruction.sellerId,
        }),
      });
    case 'InitiateRefund':
      return envelope({
        case: 'initiateRefund',
        value: create(InitiateRefundSchema, {
          meta,
          escrowId: instruction.escrowId,
          rail,
          amountMinor: instruction.amountMinor,
          currency: CURRENCIES.toWire(instruction.currency),
          providerPaymentId: instruction.providerPaymentId,
          reason: REFUND_REASONS.toWire(instruction.reason),
          attempt: instruction.attempt,
        }),
      });
    case 'CancelPayment':
      return envelope({
        case: 'cancelPayment',
        value: create(CancelPaymentSchema, {
          meta,
          escrowId: instruction.escrowId,
          rail,
          providerPaymentId: instruction.providerPaymentId,
        }),
      });
    default:
      return assertNever(instruction, 'payment instruction');
  }
}

import type { EscrowEventEnvelope, EventMeta } from '@bloxtr8/contracts';
import {
  CancelReasonSchema,
  CURRENCIES,
  DisputeReasonSchema,
  EscrowStateSchema,
  NETWORKS,
  RAILS,
  RefundReasonSchema,
  ReleaseReasonSchema,
  SettlementKindSchema,
} from '@bloxtr8/contracts';
import { assertNever } from '@bloxtr8/platform';
import type { EscrowEventFact, FactBase, SettlementKind } from './escrow-facts.ts';
import { instantOrNull, orNull, wireName } from './wire-names.ts';

/** The common part of a fact: ids lowercased so SQL's uuid order and the fold's string order agree. */
export function factBase(
  meta: EventMeta,
  escrowId: string,
  actorId: string | null = null,
): FactBase {
  return {
    eventId: meta.eventId.toLowerCase(),
    escrowId: escrowId.toLowerCase(),
    occurredAt: new Date(meta.occurredAt),
    causationId: orNull(meta.causationId.toLowerCase()),
    actorId: actorId === null ? null : orNull(actorId),
  };
}

function settlementKind(value: number): SettlementKind | null {
  const name = wireName(SettlementKindSchema, value);
  return name === 'RELEASE' || name === 'REFUND' ? name : null;
}

/**
 * An escrow.events.v1 envelope as a fact for the read models; undefined for an empty envelope
 * (the decoder already refuses those) so the caller can skip it.
 */
export function escrowEventFact(envelope: EscrowEventEnvelope): EscrowEventFact | undefined {
  const fact = factOfEnvelope(envelope);
  if (fact === undefined) return undefined;
  const version =
    (envelope.event.value as { escrowVersion?: number } | undefined)?.escrowVersion ?? 0;
  return version > 0 ? { ...fact, escrowVersion: version } : fact;
}

function factOfEnvelope(envelope: EscrowEventEnvelope): EscrowEventFact | undefined {
  const { event } = envelope;
  if (event.case === undefined || event.value.meta === undefined) return undefined;
  const meta = event.value.meta;
  switch (event.case) {
    case 'escrowCreated': {
      const m = event.value;
      return {
        ...factBase(meta, m.escrowId),
        type: 'EscrowCreated',
        contractId: m.contractId,
        offerId: m.offerId,
        listingId: m.listingId,
        buyerId: m.buyerId,
        sellerId: m.sellerId,
        amountMinor: m.amountMinor,
        currency: CURRENCIES.toName(m.currency) ?? null,
        rail: RAILS.toName(m.rail) ?? null,
        network: NETWORKS.toName(m.network) ?? null,
      };
    }
    case 'escrowAwaitFunds':
      return {
        ...factBase(meta, event.value.escrowId),
        type: 'EscrowAwaitFunds',
        fundingDeadlineAt: instantOrNull(event.value.fundingDeadlineAt),
      };
    case 'escrowFundsHeld':
      return {
        ...factBase(meta, event.value.escrowId),
        type: 'EscrowFundsHeld',
        providerPaymentId: event.value.providerPaymentId,
        amountMinor: event.value.amountMinor,
      };
    case 'escrowDelivered':
      return {
        ...factBase(meta, event.value.escrowId, event.value.actorId),
        type: 'EscrowDelivered',
        autoReleaseAt: instantOrNull(event.value.autoReleaseAt),
        deliveryNote: event.value.note,
      };
    case 'escrowDisputed':
      return {
        ...factBase(meta, event.value.escrowId, event.value.actorId),
        type: 'EscrowDisputed',
        disputeReason: wireName(DisputeReasonSchema, event.value.reason),
        disputeDetail: event.value.detail,
        disputedFrom: wireName(EscrowStateSchema, event.value.disputedFrom),
      };
    case 'escrowDisputeStale':
      return {
        ...factBase(meta, event.value.escrowId),
        type: 'EscrowDisputeStale',
        disputedAt: instantOrNull(event.value.disputedAt),
      };
    default:
      return settlementOrOutcomeFact(event, meta);
  }
}

type LaterCases = Exclude<
  EscrowEventEnvelope['event'],
  {
    case:
      | undefined
      | 'escrowCreated'
      | 'escrowAwaitFunds'
      | 'escrowFundsHeld'
      | 'escrowDelivered'
      | 'escrowDisputed'
      | 'escrowDisputeStale';
  }
>;

/** The second half of the mapping: settlements, outcomes and refusals. */
function settlementOrOutcomeFact(event: LaterCases, meta: EventMeta): EscrowEventFact {
  switch (event.case) {
    case 'escrowSettlementStarted': {
      const m = event.value;
      return {
        ...factBase(meta, m.escrowId, m.actorId),
        type: 'EscrowSettlementStarted',
        kind: settlementKind(m.kind),
        returnState: wireName(EscrowStateSchema, m.returnState),
        releaseReason: wireName(ReleaseReasonSchema, m.releaseReason),
        refundReason: wireName(RefundReasonSchema, m.refundReason),
        attempt: m.attempt,
        feeMinor: m.feeMinor,
      };
    }
    case 'escrowSettlementFailed': {
      const m = event.value;
      return {
        ...factBase(meta, m.escrowId),
        type: 'EscrowSettlementFailed',
        kind: settlementKind(m.kind),
        returnState: wireName(EscrowStateSchema, m.returnState),
        failureCode: m.failureCode,
        failureMessage: m.failureMessage,
        autoReleaseAt: instantOrNull(m.autoReleaseAt),
      };
    }
    case 'escrowReleased': {
      const m = event.value;
      return {
        ...factBase(meta, m.escrowId),
        type: 'EscrowReleased',
        providerTransferId: m.providerTransferId,
        amountMinor: m.amountMinor,
        feeMinor: m.feeMinor,
        payoutMinor: m.payoutMinor,
        releaseReason: wireName(ReleaseReasonSchema, m.reason),
      };
    }
    case 'escrowRefunded':
      return {
        ...factBase(meta, event.value.escrowId),
        type: 'EscrowRefunded',
        providerRefundId: event.value.providerRefundId,
        amountMinor: event.value.amountMinor,
        refundReason: wireName(RefundReasonSchema, event.value.reason),
      };
    case 'escrowCancelled':
      return {
        ...factBase(meta, event.value.escrowId, event.value.actorId),
        type: 'EscrowCancelled',
        cancelReason: wireName(CancelReasonSchema, event.value.reason),
      };
    case 'escrowCommandRejected': {
      const m = event.value;
      return {
        ...factBase(meta, m.escrowId),
        type: 'EscrowCommandRejected',
        // The command's id is its own field; the meta's causation id says the same (ADR 0004).
        commandEventId: (m.commandEventId === ''
          ? meta.causationId
          : m.commandEventId
        ).toLowerCase(),
        commandType: m.commandType,
        reasonCode: m.reasonCode,
        rejectionDetail: m.detail,
      };
    }
    default:
      return assertNever(event, 'escrow event');
  }
}

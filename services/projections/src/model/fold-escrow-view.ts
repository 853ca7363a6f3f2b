import type {
  EscrowEventFact,
  EscrowFact,
  EscrowViewState,
  PaymentEventFact,
  SettlementKind,
} from './escrow-facts.ts';
import { compareFacts } from './escrow-facts.ts';
import type { DisputeView, EscrowView } from './escrow-view.ts';
import { emptyEscrowView } from './escrow-view.ts';
import { orNull } from './wire-names.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The view being folded, plus what is only shown under conditions decided at the end. */
interface Draft extends Mutable<EscrowView> {
  autoReleaseCandidateAt: Date | null;
}

const STATES: ReadonlySet<string> = new Set<EscrowViewState>([
  'AWAIT_FUNDS',
  'FUNDS_HELD',
  'DELIVERED',
  'DISPUTED',
  'RELEASE_PENDING',
  'REFUND_PENDING',
  'RELEASED',
  'REFUNDED',
  'CANCELLED',
]);

const asState = (name: string | null): EscrowViewState | null =>
  name !== null && STATES.has(name) ? (name as EscrowViewState) : null;

const later = (a: Date | null, b: Date): Date => (a === null || b > a ? b : a);

/**
 * The escrow view as a pure function of the *set* of its events: facts are put in order of
 * occurrence (event id breaking ties) before folding, so however the two topics interleave on
 * arrival, and however often a message is redelivered, the same events give the same row.
 * Refusals (EscrowCommandRejected) change nothing and are not counted.
 */
export function foldEscrowView(escrowId: string, facts: readonly EscrowFact[]): EscrowView {
  const ordered = orderFacts(facts.filter((fact) => fact.type !== 'EscrowCommandRejected'));
  const draft: Draft = { ...emptyEscrowView(escrowId), autoReleaseCandidateAt: null };
  for (const fact of ordered) {
    draft.eventsApplied += 1;
    draft.lastEventAt = later(draft.lastEventAt, fact.occurredAt);
    if (isPaymentFact(fact)) applyPaymentFact(draft, fact);
    else {
      draft.updatedAt = later(draft.updatedAt, fact.occurredAt);
      applyEscrowFact(draft, fact);
    }
  }
  const { autoReleaseCandidateAt, ...view } = draft;
  return { ...view, autoReleaseAt: view.state === 'DELIVERED' ? autoReleaseCandidateAt : null };
}

/**
 * Escrow events in their escrow's own order (its version, written under the escrow's lock), and
 * payment events merged in by time: the escrow's history never depends on replica clocks.
 */
function orderFacts(facts: readonly EscrowFact[]): EscrowFact[] {
  const escrowFacts = facts
    .filter((fact) => !isPaymentFact(fact))
    .sort((a, b) => (a.escrowVersion ?? 0) - (b.escrowVersion ?? 0) || compareFacts(a, b));
  const paymentFacts = facts.filter(isPaymentFact).sort(compareFacts);
  const merged: EscrowFact[] = [];
  let e = 0;
  let p = 0;
  while (e < escrowFacts.length || p < paymentFacts.length) {
    const escrowFact = escrowFacts[e];
    const paymentFact = paymentFacts[p];
    const takeEscrow =
      paymentFact === undefined ||
      (escrowFact !== undefined && compareFacts(escrowFact, paymentFact) <= 0);
    if (takeEscrow && escrowFact !== undefined) {
      merged.push(escrowFact);
      e += 1;
    } else if (paymentFact !== undefined) {
      merged.push(paymentFact);
      p += 1;
    }
  }
  return merged;
}

function isPaymentFact(fact: EscrowFact): fact is PaymentEventFact {
  switch (fact.type) {
    case 'PaymentIntentCreated':
    case 'PaymentSucceeded':
    case 'PaymentFailed':
    case 'TransferSucceeded':
    case 'TransferFailed':
    case 'TransferHeld':
    case 'RefundSucceeded':
    case 'RefundFailed':
      return true;
    default:
      return false;
  }
}

function applyPaymentFact(draft: Draft, fact: PaymentEventFact): void {
  if (fact.type === 'PaymentIntentCreated') {
    draft.providerPaymentId ??= orNull(fact.providerPaymentId);
    draft.depositAddress = orNull(fact.depositAddress) ?? draft.depositAddress;
    // Terms normally come from EscrowCreated; until it is projected the intent's say is shown.
    draft.rail ??= fact.rail;
    draft.currency ??= fact.currency;
    draft.amountMinor ??= fact.amountMinor > 0n ? fact.amountMinor : null;
  } else if (fact.type === 'PaymentSucceeded') {
    draft.providerPaymentId ??= orNull(fact.providerPaymentId);
  }
}

function applyEscrowFact(draft: Draft, fact: EscrowEventFact): void {
  switch (fact.type) {
    case 'EscrowCreated': {
      const terms: Partial<Draft> = {
        contractId: fact.contractId,
        offerId: fact.offerId,
        listingId: fact.listingId,
        buyerId: fact.buyerId,
        sellerId: fact.sellerId,
        amountMinor: fact.amountMinor,
        currency: fact.currency,
        rail: fact.rail,
        network: fact.network,
        createdAt: fact.occurredAt,
        state: 'AWAIT_FUNDS',
      };
      Object.assign(draft, terms);
      return;
    }
    case 'EscrowAwaitFunds':
      draft.state = 'AWAIT_FUNDS';
      draft.fundingDeadlineAt = fact.fundingDeadlineAt;
      return;
    case 'EscrowFundsHeld':
      draft.state = 'FUNDS_HELD';
      draft.fundedAt = fact.occurredAt;
      draft.providerPaymentId = orNull(fact.providerPaymentId) ?? draft.providerPaymentId;
      return;
    case 'EscrowDelivered':
      draft.state = 'DELIVERED';
      draft.deliveredAt = fact.occurredAt;
      draft.autoReleaseCandidateAt = fact.autoReleaseAt;
      return;
    case 'EscrowDisputed':
    case 'EscrowDisputeStale':
      applyDisputeFact(draft, fact);
      return;
    default:
      applySettlementFact(draft, fact);
  }
}

function applyDisputeFact(
  draft: Draft,
  fact: Extract<EscrowEventFact, { type: 'EscrowDisputed' | 'EscrowDisputeStale' }>,
): void {
  if (fact.type === 'EscrowDisputed') {
    draft.state = 'DISPUTED';
    draft.autoReleaseCandidateAt = null;
    draft.dispute = {
      raisedBy: fact.actorId,
      reason: fact.disputeReason,
      detail: fact.disputeDetail,
      disputedAt: fact.occurredAt,
      disputedFrom: fact.disputedFrom,
      staleAt: null,
      resolution: null,
    };
    return;
  }
  const dispute: DisputeView = draft.dispute ?? {
    raisedBy: null,
    reason: null,
    detail: '',
    disputedAt: fact.disputedAt ?? fact.occurredAt,
    disputedFrom: null,
    staleAt: null,
    resolution: null,
  };
  draft.dispute = { ...dispute, staleAt: fact.occurredAt };
}

const PENDING_STATE: Record<SettlementKind, EscrowViewState> = {
  RELEASE: 'RELEASE_PENDING',
  REFUND: 'REFUND_PENDING',
};

function applySettlementFact(
  draft: Draft,
  fact: Exclude<
    EscrowEventFact,
    {
      type:
        | 'EscrowCreated'
        | 'EscrowAwaitFunds'
        | 'EscrowFundsHeld'
        | 'EscrowDelivered'
        | 'EscrowDisputed'
        | 'EscrowDisputeStale';
    }
  >,
): void {
  switch (fact.type) {
    case 'EscrowSettlementStarted':
      if (fact.kind !== null) draft.state = PENDING_STATE[fact.kind];
      draft.settlementKind = fact.kind;
      draft.settlementAttempt = fact.attempt > 0 ? fact.attempt : null;
      if (draft.dispute !== null && fact.kind !== null && resolvesDispute(fact)) {
        const resolution = {
          outcome: fact.kind,
          resolvedBy: fact.actorId,
          resolvedAt: fact.occurredAt,
        };
        draft.dispute = { ...draft.dispute, resolution };
      }
      return;
    case 'EscrowSettlementFailed':
      draft.state = asState(fact.returnState) ?? draft.state;
      clearSettlement(draft);
      draft.lastFailure = {
        kind: fact.kind,
        code: fact.failureCode,
        message: fact.failureMessage,
        failedAt: fact.occurredAt,
      };
      draft.autoReleaseCandidateAt = fact.autoReleaseAt ?? draft.autoReleaseCandidateAt;
      // Back in DISPUTED: the resolution did not happen, the dispute is open again.
      if (draft.state === 'DISPUTED' && draft.dispute !== null) {
        draft.dispute = { ...draft.dispute, resolution: null };
      }
      return;
    case 'EscrowReleased':
      close(draft, 'RELEASED', fact.releaseReason, fact.occurredAt);
      draft.feeMinor = fact.feeMinor;
      draft.payoutMinor = fact.payoutMinor;
      draft.providerTransferId = orNull(fact.providerTransferId);
      return;
    case 'EscrowRefunded':
      close(draft, 'REFUNDED', fact.refundReason, fact.occurredAt);
      draft.refundedMinor = fact.amountMinor;
      draft.providerRefundId = orNull(fact.providerRefundId);
      return;
    case 'EscrowCancelled':
      close(draft, 'CANCELLED', fact.cancelReason, fact.occurredAt);
      return;
    case 'EscrowCommandRejected':
      return;
  }
}

function resolvesDispute(fact: Extract<EscrowEventFact, { type: 'EscrowSettlementStarted' }>) {
  return fact.releaseReason === 'DISPUTE_RESOLVED' || fact.refundReason === 'DISPUTE_RESOLVED';
}

function clearSettlement(draft: Draft): void {
  draft.settlementKind = null;
  draft.settlementAttempt = null;
}

function close(draft: Draft, state: EscrowViewState, reason: string | null, at: Date): void {
  draft.state = state;
  draft.closedReason = reason;
  draft.closedAt = at;
  clearSettlement(draft);
}

import { assertNever } from '@bloxtr8/platform';
import type { Escrow, EscrowEvent, EscrowStatus } from './escrow.ts';

/** Applies one event to an escrow (or to nothing, for EscrowCreated). Pure. */
export function evolve(state: Escrow | null, event: EscrowEvent): Escrow {
  if (event.type === 'EscrowCreated') {
    if (state !== null) throw new Error(`escrow ${event.terms.escrowId} already exists`);
    return {
      terms: event.terms,
      status: 'AWAIT_FUNDS',
      providerPaymentId: null,
      settlement: null,
      settlementAttempts: 0,
      version: 1,
      stateEnteredAt: event.at,
      fundingDeadlineAt: null,
      autoReleaseAt: null,
      disputedAt: null,
      disputeAlertedAt: null,
      createdAt: event.at,
      updatedAt: event.at,
    };
  }
  if (state === null) throw new Error(`${event.type} before EscrowCreated`);
  const next = applyChange(state, event);
  return {
    ...next,
    version: state.version + 1,
    updatedAt: event.at,
    stateEnteredAt: next.status === state.status ? state.stateEnteredAt : event.at,
  };
}

function moveTo(state: Escrow, status: EscrowStatus, changes: Partial<Escrow> = {}): Escrow {
  return { ...state, status, ...changes };
}

function applyChange(
  state: Escrow,
  event: Exclude<EscrowEvent, { type: 'EscrowCreated' }>,
): Escrow {
  switch (event.type) {
    case 'EscrowAwaitFunds':
      return moveTo(state, 'AWAIT_FUNDS', { fundingDeadlineAt: event.fundingDeadlineAt });
    case 'EscrowFundsHeld':
      return moveTo(state, 'FUNDS_HELD', {
        providerPaymentId: event.providerPaymentId,
        fundingDeadlineAt: null,
      });
    case 'EscrowDelivered':
      return moveTo(state, 'DELIVERED', { autoReleaseAt: event.autoReleaseAt });
    case 'EscrowDisputed':
      return moveTo(state, 'DISPUTED', { disputedAt: event.at, autoReleaseAt: null });
    case 'EscrowSettlementStarted':
      return moveTo(
        state,
        event.settlement.kind === 'RELEASE' ? 'RELEASE_PENDING' : 'REFUND_PENDING',
        { settlement: event.settlement, settlementAttempts: event.settlement.attempt },
      );
    case 'EscrowSettlementFailed':
      return moveTo(state, event.returnState, {
        settlement: null,
        autoReleaseAt: event.autoReleaseAt,
      });
    case 'EscrowReleased':
      return moveTo(state, 'RELEASED', { settlement: null, autoReleaseAt: null });
    case 'EscrowRefunded':
      return moveTo(state, 'REFUNDED', { settlement: null, autoReleaseAt: null });
    case 'EscrowCancelled':
      return moveTo(state, 'CANCELLED', { fundingDeadlineAt: null });
    case 'EscrowDisputeStale':
      return { ...state, disputeAlertedAt: event.at };
    default:
      return assertNever(event, 'escrow event');
  }
}

/** Rebuilds an escrow from its history. */
export function replay(events: readonly EscrowEvent[]): Escrow | null {
  return events.reduce<Escrow | null>((state, event) => evolve(state, event), null);
}

import { Currency, createMeta, Rail } from '@bloxtr8/contracts';
import { describe, expect, it } from 'vitest';
import type { EscrowCommand } from '../domain/commands.ts';
import { decide } from '../domain/decide.ts';
import type { Escrow, EscrowEvent, EscrowEventType } from '../domain/escrow.ts';
import {
  at,
  create,
  DAY_MS,
  delivered,
  disputed,
  MODERATOR,
  PLATFORM,
  paid,
  refunded,
  released,
  TERMS,
  transferred,
} from '../domain/escrow-test-kit.ts';
import { evolve } from '../domain/evolve.ts';
import { DEFAULT_ESCROW_POLICY } from '../domain/policy.ts';
import { toEscrowEventEnvelope } from './to-proto.ts';

const transferFailed: EscrowCommand = {
  type: 'RecordTransferFailed',
  failureCode: 'account_invalid',
  failureMessage: 'no such destination',
};
const flagStale: EscrowCommand = { type: 'FlagStaleDispute' };
const cancelled: EscrowCommand = { type: 'CancelEscrow', actor: PLATFORM, reason: 'TIMEOUT' };
const resolvedByRefund: EscrowCommand = {
  type: 'ResolveDispute',
  actor: MODERATOR,
  outcome: 'REFUND',
  note: 'not delivered',
};

/** One lifecycle: each command decided a day after the previous one, or `waitMs` when given. */
function lifecycle(commands: readonly (EscrowCommand | [EscrowCommand, number])[]) {
  const steps: { event: EscrowEvent; state: Escrow }[] = [];
  let state: Escrow | null = null;
  let nowMs = 0;
  commands.forEach((step) => {
    const [command, waitMs] = Array.isArray(step) ? step : [step, DAY_MS];
    nowMs += waitMs;
    const decision = decide(state, command, { now: at(nowMs), policy: DEFAULT_ESCROW_POLICY });
    if (!decision.ok) throw new Error(`${command.type} refused: ${decision.error.code}`);
    for (const event of decision.value) {
      state = evolve(state, event);
      steps.push({ event, state });
    }
  });
  return steps;
}

const metaAt = (occurredAt: Date) =>
  createMeta({
    eventId: crypto.randomUUID(),
    occurredAt,
    traceId: '0af7651916cd43dd8448eb211c80319c',
    correlationId: TERMS.contractId,
  });

/** The escrow_version each event of the lifecycle carries on escrow.events.v1. */
function wireVersions(steps: ReturnType<typeof lifecycle>): number[] {
  return steps.map(({ event, state }) => {
    const { event: message } = toEscrowEventEnvelope(event, state, metaAt(event.at));
    if (message.case === undefined || message.case === 'escrowCommandRejected') {
      throw new Error(`${event.type} is not an escrow event on the wire`);
    }
    return message.value.escrowVersion;
  });
}

describe('escrow events on the wire', () => {
  const lifecycles = {
    'disputed, a failed refund, then refunded': lifecycle([
      create,
      paid,
      delivered,
      disputed,
      [flagStale, 31 * DAY_MS],
      resolvedByRefund,
      { type: 'RecordRefundFailed', failureCode: 'expired', failureMessage: 'card expired' },
      resolvedByRefund,
      refunded,
    ]),
    'a failed transfer, then released': lifecycle([
      create,
      paid,
      delivered,
      released,
      transferFailed,
      released,
      transferred,
    ]),
    'cancelled unpaid': lifecycle([create, [cancelled, 4 * DAY_MS]]),
  };

  it.each(Object.entries(lifecycles))(
    'numbers every event of one escrow 1, 2, 3, … without gaps (%s)',
    (_name, steps) => {
      expect(wireVersions(steps)).toEqual(steps.map((_step, index) => index + 1));
    },
  );

  it('covers every kind of escrow event', () => {
    const kinds = new Set<EscrowEventType>(
      Object.values(lifecycles).flatMap((steps) => steps.map(({ event }) => event.type)),
    );
    expect([...kinds].sort()).toEqual(
      [
        'EscrowAwaitFunds',
        'EscrowCancelled',
        'EscrowCreated',
        'EscrowDelivered',
        'EscrowDisputeStale',
        'EscrowDisputed',
        'EscrowFundsHeld',
        'EscrowRefunded',
        'EscrowReleased',
        'EscrowSettlementFailed',
        'EscrowSettlementStarted',
      ].sort(),
    );
  });

  it('tells what the buyer is to pay in EscrowAwaitFunds', () => {
    const [, awaiting] = lifecycle([create]);
    if (awaiting === undefined) throw new Error('no EscrowAwaitFunds');
    const { event } = toEscrowEventEnvelope(
      awaiting.event,
      awaiting.state,
      metaAt(awaiting.event.at),
    );
    expect(event.case === 'escrowAwaitFunds' && event.value).toMatchObject({
      escrowId: TERMS.escrowId,
      amountMinor: TERMS.amountMinor,
      currency: Currency.USD,
      rail: Rail.STRIPE,
    });
  });
});

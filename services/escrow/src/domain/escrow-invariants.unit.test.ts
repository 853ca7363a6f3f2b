import { describe, expect, it } from 'vitest';
import type { Actor, EscrowCommand } from './commands.ts';
import { decide } from './decide.ts';
import type { Escrow, EscrowEvent } from './escrow.ts';
import { isTerminal, PENDING_STATUSES } from './escrow.ts';
import {
  BUYER,
  create,
  FEE,
  MODERATOR,
  PLATFORM,
  SELLER,
  STRANGER,
  T0,
  TERMS,
} from './escrow-test-kit.ts';
import { evolve } from './evolve.ts';
import { DEFAULT_ESCROW_POLICY } from './policy.ts';

/** A small deterministic PRNG (mulberry32) so every failure reproduces from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ACTORS: readonly Actor[] = [BUYER, SELLER, STRANGER, MODERATOR, PLATFORM];

function randomCommand(random: () => number): EscrowCommand {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const actor = pick(ACTORS);
  const commands: EscrowCommand[] = [
    create,
    { type: 'MarkDelivered', actor, note: '' },
    { type: 'ReleaseFunds', actor, reason: pick(['BUYER_CONFIRMED', 'AUTO_RELEASE'] as const) },
    { type: 'CancelEscrow', actor, reason: pick(['MANUAL', 'TIMEOUT'] as const) },
    { type: 'RaiseDispute', actor, reason: 'OTHER', detail: '' },
    { type: 'ResolveDispute', actor, outcome: pick(['RELEASE', 'REFUND'] as const), note: '' },
    {
      type: 'RefundEscrow',
      actor,
      reason: pick(['CANCELLED_AFTER_FUNDING', 'AML_FAILURE'] as const),
      note: '',
    },
    {
      type: 'RecordPaymentSucceeded',
      providerPaymentId: pick(['pi_1', 'pi_2']),
      amountMinor: pick([TERMS.amountMinor, TERMS.amountMinor - 1n]),
      currency: 'USD',
      rail: 'STRIPE',
    },
    { type: 'RecordPaymentFailed', providerPaymentId: 'pi_1', failureCode: 'declined' },
    {
      type: 'RecordTransferSucceeded',
      providerTransferId: pick(['tr_1', 'tr_2']),
      amountMinor: TERMS.amountMinor - FEE,
      feeMinor: FEE,
    },
    { type: 'RecordTransferFailed', failureCode: 'x', failureMessage: 'x' },
    {
      type: 'RecordRefundSucceeded',
      providerRefundId: pick(['re_1', 're_2']),
      amountMinor: TERMS.amountMinor,
    },
    { type: 'RecordRefundFailed', failureCode: 'x', failureMessage: 'x' },
    { type: 'FlagStaleDispute' },
  ];
  return pick(commands);
}

function checkInvariants(state: Escrow, events: readonly EscrowEvent[]): void {
  const count = (type: EscrowEvent['type']) => events.filter((event) => event.type === type).length;
  expect(state.version).toBe(events.length);
  expect(count('EscrowFundsHeld')).toBeLessThanOrEqual(1);
  expect(
    count('EscrowReleased') + count('EscrowRefunded') + count('EscrowCancelled'),
  ).toBeLessThanOrEqual(1);
  expect(PENDING_STATUSES.includes(state.status)).toBe(state.settlement !== null);
  const money = count('EscrowFundsHeld') === 1;
  if (count('EscrowReleased') + count('EscrowRefunded') === 1) expect(money).toBe(true);
  if (count('EscrowCancelled') === 1) expect(money).toBe(false);
  for (const event of events) {
    if (event.type === 'EscrowReleased')
      expect(event.payoutMinor + event.feeMinor).toBe(TERMS.amountMinor);
    if (event.type === 'EscrowRefunded') expect(event.amountMinor).toBe(TERMS.amountMinor);
  }
}

/** One seeded walk of 40 random commands; returns the states it visited. */
function walk(seed: number): Set<string> {
  const random = prng(seed);
  const reached = new Set<string>();
  let state: Escrow | null = null;
  const events: EscrowEvent[] = [];
  for (let step = 0; step < 40; step += 1) {
    // Time jumps forward by up to 40 days so that every timeout can fire.
    const now = new Date(T0.getTime() + step * Math.floor(random() * 40) * 86_400_000);
    const wasTerminal = state !== null && isTerminal(state.status);
    const command = step === 0 ? create : randomCommand(random);
    const decision = decide(state, command, { now, policy: DEFAULT_ESCROW_POLICY });
    if (!decision.ok) continue;
    if (wasTerminal) expect(decision.value, `seed ${seed}`).toEqual([]);
    for (const event of decision.value) {
      state = evolve(state, event);
      events.push(event);
    }
    if (state !== null) {
      checkInvariants(state, events);
      reached.add(state.status);
    }
  }
  return reached;
}

describe('escrow invariants under random command sequences', () => {
  it('never pays twice, never changes a closed escrow, and always balances', () => {
    const reached = new Set<string>();
    for (let seed = 1; seed <= 3000; seed += 1) {
      for (const status of walk(seed)) reached.add(status);
    }
    // The walk must visit every state, or it proves nothing about the ones it missed.
    expect([...reached].sort()).toEqual(
      [
        'AWAIT_FUNDS',
        'CANCELLED',
        'DELIVERED',
        'DISPUTED',
        'FUNDS_HELD',
        'REFUNDED',
        'REFUND_PENDING',
        'RELEASED',
        'RELEASE_PENDING',
      ].sort(),
    );
  });
});

import type { Actor, EscrowCommand } from './commands.ts';
import type { Decision } from './decide.ts';
import { decide } from './decide.ts';
import type { Escrow, EscrowEvent, EscrowTerms } from './escrow.ts';
import { replay } from './evolve.ts';
import type { EscrowPolicy } from './policy.ts';
import { DEFAULT_ESCROW_POLICY } from './policy.ts';

/** Shared fixtures for the escrow domain's given/when/then tests. */
export const T0 = new Date('2026-03-01T12:00:00.000Z');
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export const BUYER: Actor = { id: '0190f5a2-0000-7000-8000-00000000b001', role: 'USER' };
export const SELLER: Actor = { id: '0190f5a2-0000-7000-8000-00000000c001', role: 'USER' };
export const STRANGER: Actor = { id: '0190f5a2-0000-7000-8000-00000000d001', role: 'USER' };
export const MODERATOR: Actor = { id: '0190f5a2-0000-7000-8000-00000000a001', role: 'ADMIN' };
export const PLATFORM: Actor = { id: 'platform', role: 'SYSTEM' };

export const TERMS: EscrowTerms = {
  escrowId: '0190f5a2-0000-7000-8000-0000000e0001',
  contractId: '0190f5a2-0000-7000-8000-0000000c0001',
  offerId: '0190f5a2-0000-7000-8000-0000000f0001',
  listingId: '0190f5a2-0000-7000-8000-000000010001',
  buyerId: BUYER.id,
  sellerId: SELLER.id,
  amountMinor: 450_000n,
  currency: 'USD',
  rail: 'STRIPE',
  network: null,
  sellerPayoutRef: 'acct_seller',
};

export const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs);

export const create: Extract<EscrowCommand, { type: 'CreateEscrow' }> = {
  type: 'CreateEscrow',
  terms: TERMS,
  buyerTier: 'TIER_1',
  sellerTier: 'TIER_2',
};

/** Runs commands from nothing, each at `T0 + i` seconds, failing loudly on a rejection. */
export function history(
  commands: readonly EscrowCommand[],
  policy = DEFAULT_ESCROW_POLICY,
): EscrowEvent[] {
  const events: EscrowEvent[] = [];
  commands.forEach((command, index) => {
    const decision = decide(replay(events), command, { now: at(index * 1000), policy });
    if (!decision.ok)
      throw new Error(`history step ${index} (${command.type}) refused: ${decision.error.code}`);
    events.push(...decision.value);
  });
  return events;
}

export interface When {
  readonly state: Escrow | null;
  readonly decision: Decision;
}

/** given(history).when(command, at) — the decision, and the state it was taken in. */
export function given(events: readonly EscrowEvent[]) {
  const state = replay(events);
  return {
    state,
    when(
      command: EscrowCommand,
      now: Date = at(DAY_MS),
      policy: EscrowPolicy = DEFAULT_ESCROW_POLICY,
    ): When {
      return { state, decision: decide(state, command, { now, policy }) };
    },
  };
}

export const paid: EscrowCommand = {
  type: 'RecordPaymentSucceeded',
  providerPaymentId: 'pi_1',
  amountMinor: TERMS.amountMinor,
  currency: 'USD',
  rail: 'STRIPE',
};
export const delivered: EscrowCommand = {
  type: 'MarkDelivered',
  actor: SELLER,
  note: 'keys handed over',
};
export const released: EscrowCommand = {
  type: 'ReleaseFunds',
  actor: BUYER,
  reason: 'BUYER_CONFIRMED',
};
export const disputed: EscrowCommand = {
  type: 'RaiseDispute',
  actor: BUYER,
  reason: 'NOT_AS_DESCRIBED',
  detail: 'visits were inflated',
};
export const FEE = (TERMS.amountMinor * BigInt(DEFAULT_ESCROW_POLICY.platformFeeBps)) / 10_000n;
export const transferred: EscrowCommand = {
  type: 'RecordTransferSucceeded',
  providerTransferId: 'tr_1',
  amountMinor: TERMS.amountMinor - FEE,
  feeMinor: FEE,
};
export const refunded: EscrowCommand = {
  type: 'RecordRefundSucceeded',
  providerRefundId: 're_1',
  amountMinor: TERMS.amountMinor,
};

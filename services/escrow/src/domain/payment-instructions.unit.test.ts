import { describe, expect, it } from 'vitest';
import type { EscrowCommand } from './commands.ts';
import { decide } from './decide.ts';
import {
  at,
  create,
  delivered,
  FEE,
  given,
  history,
  MODERATOR,
  paid,
  released,
  TERMS,
} from './escrow-test-kit.ts';
import { evolve, replay } from './evolve.ts';
import { paymentInstructionsFor } from './payment-instructions.ts';
import { DEFAULT_ESCROW_POLICY } from './policy.ts';

/** The instructions the last command of `commands` produces. */
function instructionsAfter(commands: readonly EscrowCommand[]) {
  const before = history(commands.slice(0, -1));
  const last = commands.at(-1) as EscrowCommand;
  const decision = decide(replay(before), last, { now: at(10_000), policy: DEFAULT_ESCROW_POLICY });
  if (!decision.ok) throw new Error(decision.error.code);
  let state = replay(before);
  return decision.value.flatMap((event) => {
    state = evolve(state, event);
    return paymentInstructionsFor(event, state);
  });
}

describe('payment instructions', () => {
  it('asks for a payment intent when the escrow starts awaiting funds', () => {
    expect(instructionsAfter([create])).toEqual([
      {
        type: 'CreatePaymentIntent',
        escrowId: TERMS.escrowId,
        rail: 'STRIPE',
        amountMinor: TERMS.amountMinor,
        currency: 'USD',
        buyerId: TERMS.buyerId,
        sellerId: TERMS.sellerId,
      },
    ]);
  });

  it('asks for a transfer of the amount, keeping the fee, to the seller on release', () => {
    expect(instructionsAfter([create, paid, delivered, released])).toEqual([
      expect.objectContaining({
        type: 'TransferToSeller',
        amountMinor: TERMS.amountMinor,
        feeMinor: FEE,
        sellerId: TERMS.sellerId,
        destinationRef: 'acct_seller',
        providerPaymentId: 'pi_1',
        attempt: 1,
      }),
    ]);
  });

  it('asks for a refund of the whole amount when a moderator refunds', () => {
    const refund: EscrowCommand = {
      type: 'RefundEscrow',
      actor: MODERATOR,
      reason: 'CANCELLED_AFTER_FUNDING',
      note: '',
    };
    expect(instructionsAfter([create, paid, refund])).toEqual([
      expect.objectContaining({
        type: 'InitiateRefund',
        amountMinor: TERMS.amountMinor,
        attempt: 1,
      }),
    ]);
  });

  it('asks to cancel the payment when an unfunded escrow is cancelled', () => {
    const cancel: EscrowCommand = { type: 'CancelEscrow', actor: MODERATOR, reason: 'MANUAL' };
    expect(instructionsAfter([create, cancel])).toEqual([
      { type: 'CancelPayment', escrowId: TERMS.escrowId, rail: 'STRIPE', providerPaymentId: '' },
    ]);
  });

  it('asks nothing of payments for delivery or a dispute', () => {
    expect(instructionsAfter([create, paid, delivered])).toEqual([]);
    expect(given(history([create, paid])).state?.status).toBe('FUNDS_HELD');
  });
});

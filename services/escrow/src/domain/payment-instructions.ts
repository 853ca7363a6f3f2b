import type { CurrencyCode, RailName } from '@bloxtr8/contracts';
import type { Escrow, EscrowEvent, RefundReason } from './escrow.ts';

/**
 * What the payments service must do after an escrow event: the escrow decides, payments executes.
 * Each instruction names its attempt so that a retried settlement is a new provider request while
 * a redelivered one is the same request (the idempotency key derives from escrow, operation and
 * attempt).
 */
export type PaymentInstruction =
  | {
      readonly type: 'CreatePaymentIntent';
      readonly escrowId: string;
      readonly rail: RailName;
      readonly amountMinor: bigint;
      readonly currency: CurrencyCode;
      readonly buyerId: string;
      readonly sellerId: string;
    }
  | {
      readonly type: 'TransferToSeller';
      readonly escrowId: string;
      readonly rail: RailName;
      readonly amountMinor: bigint;
      readonly feeMinor: bigint;
      readonly currency: CurrencyCode;
      /** The seller; payments resolves where they are paid when it settles (ADR 0014). */
      readonly sellerId: string;
      /** Legacy hint: the payout account the seller had when the contract executed, if any. */
      readonly destinationRef: string;
      readonly providerPaymentId: string;
      readonly attempt: number;
    }
  | {
      readonly type: 'InitiateRefund';
      readonly escrowId: string;
      readonly rail: RailName;
      readonly amountMinor: bigint;
      readonly currency: CurrencyCode;
      readonly providerPaymentId: string;
      readonly reason: RefundReason;
      readonly attempt: number;
    }
  | {
      readonly type: 'CancelPayment';
      readonly escrowId: string;
      readonly rail: RailName;
      readonly providerPaymentId: string;
    };

/** The instructions `event` implies for `escrow` (the state after the event). */
export function paymentInstructionsFor(event: EscrowEvent, escrow: Escrow): PaymentInstruction[] {
  const { terms } = escrow;
  const base = { escrowId: terms.escrowId, rail: terms.rail } as const;
  switch (event.type) {
    case 'EscrowAwaitFunds':
      return [
        {
          ...base,
          type: 'CreatePaymentIntent',
          amountMinor: terms.amountMinor,
          currency: terms.currency,
          buyerId: terms.buyerId,
          sellerId: terms.sellerId,
        },
      ];
    case 'EscrowCancelled':
      return [
        { ...base, type: 'CancelPayment', providerPaymentId: escrow.providerPaymentId ?? '' },
      ];
    case 'EscrowSettlementStarted': {
      const { settlement } = event;
      const providerPaymentId = escrow.providerPaymentId ?? '';
      if (settlement.kind === 'RELEASE') {
        return [
          {
            ...base,
            type: 'TransferToSeller',
            amountMinor: terms.amountMinor,
            feeMinor: settlement.feeMinor,
            currency: terms.currency,
            sellerId: terms.sellerId,
            destinationRef: terms.sellerPayoutRef,
            providerPaymentId,
            attempt: settlement.attempt,
          },
        ];
      }
      return [
        {
          ...base,
          type: 'InitiateRefund',
          amountMinor: terms.amountMinor,
          currency: terms.currency,
          providerPaymentId,
          reason: settlement.refundReason ?? 'CANCELLED_AFTER_FUNDING',
          attempt: settlement.attempt,
        },
      ];
    }
    default:
      return [];
  }
}

import type { Stripe } from 'stripe';
import { newStripeId } from './ids.ts';

export interface RefundInput {
  readonly charge: Stripe.Charge;
  readonly amount: number;
  readonly reason: Stripe.Refund.Reason | null;
  readonly metadata: Record<string, string>;
  readonly status: 'pending' | 'succeeded';
}

/** A card refund of part or all of a charge, in the charge's currency. */
export function buildRefund(input: RefundInput, createdSeconds: number): Stripe.Refund {
  const { charge } = input;
  return {
    id: newStripeId('re'),
    object: 'refund',
    amount: input.amount,
    balance_transaction: newStripeId('txn'),
    charge: charge.id,
    created: createdSeconds,
    currency: charge.currency,
    customer: null,
    customer_account: null,
    destination_details: {
      type: 'card',
      card: {
        reference_status: 'pending',
        reference_type: 'acquirer_reference_number',
        type: 'refund',
      },
    },
    metadata: { ...input.metadata },
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
    payment_method: charge.payment_method,
    reason: input.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: input.status,
    transfer_reversal: null,
  };
}

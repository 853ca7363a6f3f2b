import type { Stripe } from 'stripe';
import { newStripeId } from './ids.ts';

export interface TransferInput {
  readonly amount: number;
  readonly currency: string;
  readonly destination: string;
  readonly description: string | null;
  readonly metadata: Record<string, string>;
  readonly sourceTransaction: string | null;
  readonly transferGroup: string | null;
}

/** A Connect transfer from the platform's balance to a connected account. */
export function buildTransfer(input: TransferInput, createdSeconds: number): Stripe.Transfer {
  const id = newStripeId('tr');
  return {
    id,
    object: 'transfer',
    amount: input.amount,
    amount_reversed: 0,
    balance_transaction: newStripeId('txn'),
    created: createdSeconds,
    currency: input.currency,
    description: input.description,
    destination: input.destination,
    destination_payment: newStripeId('py'),
    livemode: false,
    metadata: { ...input.metadata },
    reversals: { object: 'list', data: [], has_more: false, url: `/v1/transfers/${id}/reversals` },
    reversed: false,
    source_transaction: input.sourceTransaction,
    source_type: 'card',
    transfer_group: input.transferGroup,
  };
}

/** A (partial) reversal: money comes back from the connected account to the platform. */
export function buildTransferReversal(
  transfer: Stripe.Transfer,
  amount: number,
  createdSeconds: number,
): Stripe.TransferReversal {
  return {
    id: newStripeId('trr'),
    object: 'transfer_reversal',
    amount,
    balance_transaction: newStripeId('txn'),
    created: createdSeconds,
    currency: transfer.currency,
    destination_payment_refund: newStripeId('pyr'),
    metadata: {},
    source_refund: null,
    transfer: transfer.id,
  };
}

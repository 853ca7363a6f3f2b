import type { Stripe } from 'stripe';
import type { ObjectStore } from './object-store.ts';

/** Refunds still holding the buyer's money back from the balance; failed and canceled ones do not. */
function isRefundHoldingFunds(refund: Stripe.Refund): boolean {
  return refund.status !== 'failed' && refund.status !== 'canceled';
}

/**
 * The platform's available balance per currency, derived from the objects rather than kept as a
 * running total, so it cannot drift from them: succeeded charges, minus refunds that have not
 * failed, minus transfers net of their reversals. Funds are available at once (no pending period)
 * and no Stripe fees are taken.
 */
export function availableBalances(store: ObjectStore): Map<string, number> {
  const balances = new Map<string, number>();
  const add = (currency: string, amount: number) =>
    balances.set(currency, (balances.get(currency) ?? 0) + amount);
  for (const charge of store.charges.values()) {
    if (charge.status === 'succeeded') add(charge.currency, charge.amount_captured);
  }
  for (const refund of store.refunds.values()) {
    if (isRefundHoldingFunds(refund)) add(refund.currency, -refund.amount);
  }
  for (const transfer of store.transfers.values()) {
    add(transfer.currency, -(transfer.amount - transfer.amount_reversed));
  }
  return balances;
}

/**
 * What a transfer with `source_transaction` may still take from a charge: its captured amount,
 * less what was refunded and what earlier transfers from the same charge took.
 */
export function transferableFromCharge(store: ObjectStore, charge: Stripe.Charge): number {
  let transferred = 0;
  for (const transfer of store.transfers.values()) {
    if (transfer.source_transaction === charge.id) {
      transferred += transfer.amount - transfer.amount_reversed;
    }
  }
  return charge.amount_captured - charge.amount_refunded - transferred;
}

/** `GET /v1/balance`: everything available, nothing pending. */
export function balanceObject(store: ObjectStore): Stripe.Balance {
  const available = [...availableBalances(store)].map(([currency, amount]) => ({
    amount,
    currency,
    source_types: { card: amount },
  }));
  const pending = available.map(({ currency }) => ({
    amount: 0,
    currency,
    source_types: { card: 0 },
  }));
  return { object: 'balance', available, livemode: false, pending };
}

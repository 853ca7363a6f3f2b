import type { Stripe } from 'stripe';
import type { DoubleContext } from './double-context.ts';
import { nowSeconds } from './double-context.ts';
import type { ObjectStore } from './object-store.ts';

/** Refunds still holding the buyer's money back from the balance; failed and canceled ones do not. */
function isRefundHoldingFunds(refund: Stripe.Refund): boolean {
  return refund.status !== 'failed' && refund.status !== 'canceled';
}

/** The platform's balance per currency: what it may spend now, and what is still on its way. */
export interface Balances {
  readonly available: Map<string, number>;
  readonly pending: Map<string, number>;
}

/** A succeeded charge's funds are pending until its `available_on`; unknown charges are available. */
export function isChargeAvailable(context: DoubleContext, chargeId: string): boolean {
  const availableOn = context.store.fundsAvailableOn.get(chargeId) ?? 0;
  return availableOn <= nowSeconds(context);
}

/**
 * The platform's balances, derived from the objects rather than kept as running totals, so they
 * cannot drift from them: succeeded charges (pending until their `available_on`), minus refunds
 * that have not failed (taken from the available balance, as Stripe does), minus transfers net of
 * their reversals (from the pending funds of their source charge while those are pending, else
 * from the available balance). No Stripe fees are taken.
 */
export function platformBalances(context: DoubleContext): Balances {
  const { store } = context;
  const available = new Map<string, number>();
  const pending = new Map<string, number>();
  const add = (bucket: Map<string, number>, currency: string, amount: number) =>
    bucket.set(currency, (bucket.get(currency) ?? 0) + amount);
  for (const charge of store.charges.values()) {
    if (charge.status !== 'succeeded') continue;
    const bucket = isChargeAvailable(context, charge.id) ? available : pending;
    add(bucket, charge.currency, charge.amount_captured);
  }
  for (const refund of store.refunds.values()) {
    if (isRefundHoldingFunds(refund)) add(available, refund.currency, -refund.amount);
  }
  for (const transfer of store.transfers.values()) {
    const source = transfer.source_transaction;
    const fromPending = typeof source === 'string' && !isChargeAvailable(context, source);
    add(fromPending ? pending : available, transfer.currency, -netOf(transfer));
  }
  return { available, pending };
}

/** Everything the platform holds per currency, available or pending: what tests assert on. */
export function totalBalances(context: DoubleContext): Map<string, number> {
  const { available, pending } = platformBalances(context);
  const total = new Map(available);
  for (const [currency, amount] of pending)
    total.set(currency, (total.get(currency) ?? 0) + amount);
  return total;
}

function netOf(transfer: Stripe.Transfer): number {
  return transfer.amount - transfer.amount_reversed;
}

/**
 * What a transfer with `source_transaction` may still take from a charge: its captured amount,
 * less what was refunded and what earlier transfers from the same charge took.
 */
export function transferableFromCharge(store: ObjectStore, charge: Stripe.Charge): number {
  let transferred = 0;
  for (const transfer of store.transfers.values()) {
    if (transfer.source_transaction === charge.id) transferred += netOf(transfer);
  }
  return charge.amount_captured - charge.amount_refunded - transferred;
}

/** `GET /v1/balance`: available and pending funds per currency. */
export function balanceObject(context: DoubleContext): Stripe.Balance {
  const { available, pending } = platformBalances(context);
  const currencies = [...new Set([...available.keys(), ...pending.keys()])];
  const amountsIn = (bucket: Map<string, number>) =>
    currencies.map((currency) => {
      const amount = bucket.get(currency) ?? 0;
      return { amount, currency, source_types: { card: amount } };
    });
  return {
    object: 'balance',
    available: amountsIn(available),
    livemode: false,
    pending: amountsIn(pending),
  };
}

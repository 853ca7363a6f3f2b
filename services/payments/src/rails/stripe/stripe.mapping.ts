import type { Stripe } from 'stripe';
import type { PaymentSnapshot, RailFailure } from '../payment-rail.ts';

/** Stripe's amounts are JavaScript numbers; ours are bigints. Only exact integers cross. */
export function toStripeAmount(minor: bigint): number {
  if (minor <= 0n || minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`amount ${minor} cannot be sent to Stripe`);
  }
  return Number(minor);
}

export function fromStripeAmount(value: number): bigint {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`Stripe sent a non-integer amount ${value}`);
  return BigInt(value);
}

export function toStripeCurrency(currency: string): string {
  if (currency !== 'USD') throw new RangeError(`Stripe carries USD only, not ${currency}`);
  return 'usd';
}

/** Stripe's error types that mean "not now" rather than "no". */
const RETRYABLE_TYPES = new Set([
  'StripeAPIError',
  'StripeConnectionError',
  'StripeRateLimitError',
]);

interface StripeErrorLike {
  readonly type?: string;
  readonly code?: string;
  readonly message?: string;
  readonly statusCode?: number;
}

/** A Stripe SDK error as a rail failure; anything unrecognised is treated as an outage. */
export function failureFromStripeError(error: unknown): RailFailure {
  const stripeError = error as StripeErrorLike;
  if (typeof stripeError?.type !== 'string') {
    return { code: 'PROVIDER_UNREACHABLE', message: String(error), retryable: true };
  }
  const retryable = RETRYABLE_TYPES.has(stripeError.type) || (stripeError.statusCode ?? 0) >= 500;
  return {
    code: stripeError.code ?? stripeError.type,
    message: stripeError.message ?? stripeError.type,
    retryable,
  };
}

/**
 * Our reading of a PaymentIntent's status. Only explicit success or failure moves money state;
 * anything Stripe may add later stays PENDING.
 */
export function paymentStatusOf(intent: Stripe.PaymentIntent): PaymentSnapshot['status'] {
  switch (intent.status) {
    case 'succeeded':
      return 'SUCCEEDED';
    case 'canceled':
      return 'CANCELLED';
    case 'requires_payment_method':
      return intent.last_payment_error === null || intent.last_payment_error === undefined
        ? 'PENDING'
        : 'FAILED';
    default:
      return 'PENDING';
  }
}

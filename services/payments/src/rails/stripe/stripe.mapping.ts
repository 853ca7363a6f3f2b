import type { Stripe } from 'stripe';
import type { PaymentSnapshot, RailFailure, StartedRefund } from '../payment-rail.ts';
import { RAIL_FAILURE_CODES } from '../payment-rail.ts';

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
  /** Stripe's own error type, e.g. `idempotency_error`, whatever class the SDK raised. */
  readonly rawType?: string;
  readonly code?: string;
  readonly param?: string;
  readonly message?: string;
  readonly statusCode?: number;
}

/**
 * Stripe's ways of saying a payout account does not exist or cannot be used: no such transfer
 * destination, no such account when it is retrieved, or no access to it.
 */
function isInvalidDestination(error: StripeErrorLike): boolean {
  const isMissing =
    error.code === 'resource_missing' &&
    (error.param === 'destination' || error.param === 'account');
  return isMissing || error.code === 'account_invalid';
}

/** Stripe's way of saying the account exists but cannot receive transfers yet. */
const NOT_READY_CODES = new Set(['insufficient_capabilities_for_transfer']);

/**
 * A Stripe SDK error as a rail failure; anything unrecognised is treated as an outage. Stripe's
 * idempotency errors mean two things: 409, the first request with the key is still running (retry
 * later with the same key; it then answers the first request's result), or 400, the key was used
 * with other parameters (our bug: never retried).
 */
export function failureFromStripeError(error: unknown): RailFailure {
  const stripeError = error as StripeErrorLike;
  if (typeof stripeError?.type !== 'string') {
    return { code: 'PROVIDER_UNREACHABLE', message: String(error), retryable: true };
  }
  const message = stripeError.message ?? stripeError.type;
  // The SDK raises the 409 as a StripeAPIError and the 400 as a StripeIdempotencyError.
  if (stripeError.rawType === 'idempotency_error') {
    return stripeError.statusCode === 409
      ? { code: RAIL_FAILURE_CODES.idempotencyKeyInUse, message, retryable: true, inProgress: true }
      : { code: RAIL_FAILURE_CODES.idempotencyKeyReused, message, retryable: false };
  }
  if (isInvalidDestination(stripeError)) {
    return { code: RAIL_FAILURE_CODES.payoutAccountInvalid, message, retryable: false };
  }
  if (NOT_READY_CODES.has(stripeError.code ?? '')) {
    return { code: RAIL_FAILURE_CODES.payoutAccountNotReady, message, retryable: false };
  }
  const retryable = RETRYABLE_TYPES.has(stripeError.type) || (stripeError.statusCode ?? 0) >= 500;
  return { code: stripeError.code ?? stripeError.type, message, retryable };
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

/**
 * Whether a transfer found at Stripe pays this escrow out: it names the escrow and has not been
 * reversed (a reversed transfer gave the money back, so it does not count as paid).
 */
export function paysOutEscrow(transfer: Stripe.Transfer, escrowId: string): boolean {
  return transfer.metadata?.escrow_id === escrowId && !transfer.reversed;
}

/** Whether a refund found at Stripe gives (or is giving) the money back: not failed or canceled. */
export function isLiveRefund(refund: Stripe.Refund): boolean {
  return refund.status !== 'failed' && refund.status !== 'canceled';
}

/** A Stripe refund as the rail reports it; only `succeeded` is done, anything else is pending. */
export function startedRefundOf(refund: Stripe.Refund): StartedRefund {
  return {
    providerRefundId: refund.id,
    amountMinor: fromStripeAmount(refund.amount),
    status: refund.status === 'succeeded' ? 'SUCCEEDED' : 'PENDING',
    txHash: '',
  };
}

/** The id of a PaymentIntent's latest charge, expanded or not; empty while it has none. */
export function latestChargeOf(intent: Stripe.PaymentIntent): string {
  const latest = intent.latest_charge;
  if (latest === null || latest === undefined) return '';
  return typeof latest === 'string' ? latest : latest.id;
}

import type { DoubleContext, RequestOrigin } from './double-context.ts';
import type { FormFields } from './form-body.ts';
import type { StripeFailure } from './stripe-errors.ts';

/** One authenticated API request, parsed, as an endpoint sees it. */
export interface ApiCall {
  readonly params: FormFields;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly origin: RequestOrigin;
}

export interface ApiOutcome {
  readonly status: number;
  readonly body: object;
  readonly failure: StripeFailure | null;
  /**
   * Whether an idempotency key keeps this result. Stripe saves a result once the endpoint has
   * started executing (errors included), but not when parameters failed validation, so a caller
   * can fix its parameters and retry with the same key.
   */
  readonly isSaved: boolean;
}

/**
 * An endpoint. Handlers are synchronous on purpose: each runs to completion before any other
 * request is looked at, which makes every check-then-write (balances, refundable amounts) atomic.
 */
export interface ApiRoute {
  readonly method: 'GET' | 'POST';
  readonly pattern: string;
  readonly handle: (context: DoubleContext, call: ApiCall) => ApiOutcome;
}

export function succeeded(body: object): ApiOutcome {
  return { status: 200, body, failure: null, isSaved: true };
}

/** Refused on its parameters before executing: not saved under the idempotency key. */
export function refused(failure: StripeFailure): ApiOutcome {
  return { status: failure.status, body: { error: failure.error }, failure, isSaved: false };
}

/** Failed while executing (unknown object, wrong state, no funds): saved like a success. */
export function failed(failure: StripeFailure): ApiOutcome {
  return { status: failure.status, body: { error: failure.error }, failure, isSaved: true };
}

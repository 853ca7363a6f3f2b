import { matchPath } from './path-pattern.ts';
import type { StripeFailure } from './stripe-errors.ts';

/**
 * "The next `times` calls to `method path` fail with `failure`, and/or answer after `delayMs`."
 * `path` is a pattern such as `/v1/transfers` or `/v1/payment_intents/:id/cancel`.
 *
 * Without `takesEffect`, the delay comes before the call runs: the request is held open, in
 * progress, and a second request with its idempotency key meanwhile gets Stripe's 409. With
 * `takesEffect`, the call runs at once and only its answer is delayed, replaced by `failure`, or
 * dropped (`resetConnection`): the client sees a timeout, an error or a reset although the object
 * exists.
 */
export interface FaultSpec {
  readonly method?: 'GET' | 'POST' | '*' | undefined;
  readonly path: string;
  /** How many matching calls the fault applies to; 1 by default. */
  readonly times?: number | undefined;
  /** The Stripe error to answer with; without one the call succeeds, after `delayMs`. */
  readonly failure?: StripeFailure | undefined;
  /** Wait this long before answering (past a client's timeout, to test timeouts). */
  readonly delayMs?: number | undefined;
  /**
   * When true the call is carried out and only its answer is replaced by `failure`: the lost
   * response, where Stripe moved the money but the client saw an error. When false (default) the
   * failure happens before the call takes effect.
   */
  readonly takesEffect?: boolean | undefined;
  /** Drop the connection instead of answering (after the call ran, with `takesEffect`). */
  readonly resetConnection?: boolean | undefined;
}

export interface ArmedFault {
  readonly id: string;
  readonly method: 'GET' | 'POST' | '*';
  readonly path: string;
  readonly failure: StripeFailure | null;
  readonly delayMs: number;
  readonly takesEffect: boolean;
  readonly resetConnection: boolean;
  remaining: number;
}

/** Armed faults, consumed in the order they were armed by the calls they match. */
export class FaultPlan {
  #faults: ArmedFault[] = [];
  #armed = 0;

  arm(spec: FaultSpec): ArmedFault {
    this.#armed += 1;
    const fault: ArmedFault = {
      id: `fault_${this.#armed}`,
      method: spec.method ?? '*',
      path: spec.path,
      failure: spec.failure ?? null,
      delayMs: spec.delayMs ?? 0,
      takesEffect: spec.takesEffect ?? false,
      resetConnection: spec.resetConnection ?? false,
      remaining: spec.times ?? 1,
    };
    this.#faults.push(fault);
    return fault;
  }

  /** The fault this call meets, if any; using it up counts down its `times`. */
  take(method: string, path: string): ArmedFault | null {
    const fault = this.#faults.find(
      (candidate) =>
        (candidate.method === '*' || candidate.method === method) &&
        matchPath(candidate.path, path) !== null,
    );
    if (fault === undefined) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults = this.#faults.filter((other) => other !== fault);
    return fault;
  }

  clear(): void {
    this.#faults = [];
  }
}

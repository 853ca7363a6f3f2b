import type { Clock } from '@bloxtr8/platform';

export interface CircuitBreakerOptions {
  /** Failures within `windowMs` that open the circuit. */
  readonly failureThreshold: number;
  readonly windowMs: number;
  /** How long the circuit stays open before one trial call is let through. */
  readonly openMs: number;
}

/** SPEC §6: five failures in 60 s open the circuit for 30 s, then one call tries it half-open. */
export const DEFAULT_BREAKER_OPTIONS: CircuitBreakerOptions = {
  failureThreshold: 5,
  windowMs: 60_000,
  openMs: 30_000,
};

export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/**
 * Stops hammering a provider that is down: while open, calls fail at once without reaching it, so
 * consumers back off instead of piling up timeouts. Time is injected.
 */
export class CircuitBreaker {
  readonly #options: CircuitBreakerOptions;
  readonly #clock: Clock;
  #failures: number[] = [];
  #openedAtMs: number | null = null;
  #trialInFlight = false;

  constructor(clock: Clock, options: CircuitBreakerOptions = DEFAULT_BREAKER_OPTIONS) {
    this.#clock = clock;
    this.#options = options;
  }

  state(): CircuitState {
    if (this.#openedAtMs === null) return 'CLOSED';
    return this.#clock.now().getTime() - this.#openedAtMs >= this.#options.openMs
      ? 'HALF_OPEN'
      : 'OPEN';
  }

  /** Whether a call may go out now; in HALF_OPEN only one trial call at a time. */
  tryAcquire(): boolean {
    const state = this.state();
    if (state === 'CLOSED') return true;
    if (state === 'OPEN' || this.#trialInFlight) return false;
    this.#trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.#failures = [];
    this.#openedAtMs = null;
    this.#trialInFlight = false;
  }

  recordFailure(): void {
    const nowMs = this.#clock.now().getTime();
    if (this.#trialInFlight) {
      this.#trialInFlight = false;
      this.#openedAtMs = nowMs;
      return;
    }
    this.#failures = [...this.#failures.filter((at) => nowMs - at < this.#options.windowMs), nowMs];
    if (this.#failures.length >= this.#options.failureThreshold) this.#openedAtMs = nowMs;
  }
}

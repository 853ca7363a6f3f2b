/** Time is injected so that domain code stays pure and timeouts can be tested without waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for tests and simulations. */
export class ManualClock implements Clock {
  #nowMs: number;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.#nowMs = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#nowMs);
  }

  advanceBy(durationMs: number): Date {
    if (durationMs < 0) throw new Error('a clock cannot go backwards');
    this.#nowMs += durationMs;
    return this.now();
  }

  set(to: Date | string): void {
    this.#nowMs = new Date(to).getTime();
  }
}

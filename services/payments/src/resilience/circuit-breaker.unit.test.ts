import { ManualClock } from '@bloxtr8/platform';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.ts';

describe('circuit breaker', () => {
  it('opens after five failures within 60 s, and lets one trial through after 30 s', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker(clock);
    for (let i = 0; i < 4; i += 1) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.recordFailure();
      clock.advanceBy(10_000);
    }
    expect(breaker.state()).toBe('CLOSED');
    breaker.recordFailure();
    expect(breaker.state()).toBe('OPEN');
    expect(breaker.tryAcquire()).toBe(false);

    clock.advanceBy(30_000);
    expect(breaker.state()).toBe('HALF_OPEN');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state()).toBe('CLOSED');
  });

  it('forgets failures older than the window', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker(clock);
    for (let i = 0; i < 10; i += 1) {
      breaker.recordFailure();
      clock.advanceBy(15_001);
    }
    expect(breaker.state()).toBe('CLOSED');
  });

  it('opens again at once when the half-open trial fails', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker(clock);
    for (let i = 0; i < 5; i += 1) breaker.recordFailure();
    clock.advanceBy(30_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state()).toBe('OPEN');
  });
});

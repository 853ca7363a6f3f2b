import { err, ManualClock, ok } from '@bloxtr8/platform';
import { describe, expect, it } from 'vitest';
import type { RailResult } from '../rails/payment-rail.ts';
import { callProvider } from './call-provider.ts';
import { CircuitBreaker } from './circuit-breaker.ts';

const FAST = { attempts: 3, initialMs: 1, maxMs: 2 };
const outage = err({ code: 'api_error', message: 'down', retryable: true });
const declined = err({ code: 'card_declined', message: 'no', retryable: false });
const inProgress = err({
  code: 'IDEMPOTENCY_KEY_IN_USE',
  message: 'another request with this key is running',
  retryable: true,
  inProgress: true,
});

function scripted(results: Array<RailResult<string>>) {
  let calls = 0;
  return {
    call: async () => results[Math.min(calls++, results.length - 1)] as RailResult<string>,
    calls: () => calls,
  };
}

describe('callProvider', () => {
  it('retries an outage and returns the answer that follows', async () => {
    const provider = scripted([outage, outage, ok('pi_1')]);
    const result = await callProvider(new CircuitBreaker(new ManualClock()), FAST, provider.call);
    expect(result).toEqual(ok('pi_1'));
    expect(provider.calls()).toBe(3);
  });

  it('does not retry a final refusal, and does not count it as an outage', async () => {
    const breaker = new CircuitBreaker(new ManualClock());
    for (let i = 0; i < 10; i += 1) {
      const provider = scripted([declined]);
      expect(await callProvider(breaker, FAST, provider.call)).toEqual(declined);
      expect(provider.calls()).toBe(1);
    }
    expect(breaker.state()).toBe('CLOSED');
  });

  it('retries a request still in progress without counting it as an outage', async () => {
    const breaker = new CircuitBreaker(new ManualClock());
    for (let i = 0; i < 10; i += 1) {
      const provider = scripted([inProgress, inProgress, ok('tr_1')]);
      expect(await callProvider(breaker, FAST, provider.call)).toEqual(ok('tr_1'));
      expect(provider.calls()).toBe(3);
    }
    expect(breaker.state()).toBe('CLOSED');
  });

  it('gives up after its attempts, then stops calling once the circuit opens', async () => {
    const breaker = new CircuitBreaker(new ManualClock());
    const provider = scripted([outage]);
    expect(await callProvider(breaker, FAST, provider.call)).toEqual(outage);
    await callProvider(breaker, FAST, provider.call);
    expect(breaker.state()).toBe('OPEN');
    const callsBefore = provider.calls();
    const result = await callProvider(breaker, FAST, provider.call);
    expect(result).toMatchObject({ ok: false, error: { code: 'CIRCUIT_OPEN', retryable: true } });
    expect(provider.calls()).toBe(callsBefore);
  });

  it('treats an exception from the rail as an outage', async () => {
    const result = await callProvider(
      new CircuitBreaker(new ManualClock()),
      { ...FAST, attempts: 1 },
      async () => {
        throw new Error('socket hang up');
      },
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'PROVIDER_UNREACHABLE', retryable: true },
    });
  });
});

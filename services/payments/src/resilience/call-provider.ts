import type { BackoffPolicy } from '@bloxtr8/bus';
import { backoffDelayMs, sleep } from '@bloxtr8/bus';
import { err } from '@bloxtr8/platform';
import type { RailResult } from '../rails/payment-rail.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';

export interface ProviderRetryPolicy extends BackoffPolicy {
  readonly attempts: number;
}

/** SPEC §6: provider calls get three tries, 200 ms doubling to at most 2 s. */
export const DEFAULT_PROVIDER_RETRY: ProviderRetryPolicy = {
  attempts: 3,
  initialMs: 200,
  maxMs: 2_000,
};

/**
 * Calls a provider through its circuit breaker, retrying retryable failures. Only retryable
 * failures count against the breaker (a declined card is an answer, not an outage), and of those
 * not the ones the provider is still working on. An exception
 * from `call` (a bug, or a transport error the rail did not map) is an outage too.
 */
export async function callProvider<Value>(
  breaker: CircuitBreaker,
  policy: ProviderRetryPolicy,
  call: () => Promise<RailResult<Value>>,
): Promise<RailResult<Value>> {
  let last: RailResult<Value> = err({
    code: 'NOT_ATTEMPTED',
    message: 'no attempt made',
    retryable: true,
  });
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    if (!breaker.tryAcquire()) {
      return err({
        code: 'CIRCUIT_OPEN',
        message: 'the provider is failing; calls are paused',
        retryable: true,
      });
    }
    try {
      last = await call();
    } catch (error) {
      last = err({
        code: 'PROVIDER_UNREACHABLE',
        message: error instanceof Error ? error.message : String(error),
        retryable: true,
      });
    }
    if (last.ok || !last.error.retryable) {
      breaker.recordSuccess();
      return last;
    }
    // A request the provider is still working on is no sign of an outage.
    if (last.error.inProgress !== true) breaker.recordFailure();
    if (attempt < policy.attempts) await sleep(backoffDelayMs(policy, attempt));
  }
  return last;
}

import type { RailName } from '@bloxtr8/contracts';
import type { Clock } from '@bloxtr8/platform';
import type { ProviderRetryPolicy } from '../resilience/call-provider.ts';
import { callProvider, DEFAULT_PROVIDER_RETRY } from '../resilience/call-provider.ts';
import type { CircuitBreakerOptions } from '../resilience/circuit-breaker.ts';
import { CircuitBreaker, DEFAULT_BREAKER_OPTIONS } from '../resilience/circuit-breaker.ts';
import type { PaymentRail } from './payment-rail.ts';

export interface RailGuardOptions {
  readonly retry?: ProviderRetryPolicy;
  readonly breaker?: CircuitBreakerOptions;
}

/** Puts every call of `rail` through one circuit breaker and the provider retry policy. */
export function guardRail(
  rail: PaymentRail,
  clock: Clock,
  options: RailGuardOptions = {},
): PaymentRail {
  const breaker = new CircuitBreaker(clock, options.breaker ?? DEFAULT_BREAKER_OPTIONS);
  const retry = options.retry ?? DEFAULT_PROVIDER_RETRY;
  return {
    name: rail.name,
    createPayment: (input) => callProvider(breaker, retry, () => rail.createPayment(input)),
    transfer: (input) => callProvider(breaker, retry, () => rail.transfer(input)),
    findTransfer: (escrowId) => callProvider(breaker, retry, () => rail.findTransfer(escrowId)),
    payoutAccountReadiness: (destination) =>
      callProvider(breaker, retry, () => rail.payoutAccountReadiness(destination)),
    refund: (input) => callProvider(breaker, retry, () => rail.refund(input)),
    findRefund: (input) => callProvider(breaker, retry, () => rail.findRefund(input)),
    cancelPayment: (input) => callProvider(breaker, retry, () => rail.cancelPayment(input)),
    retrievePayment: (id) => callProvider(breaker, retry, () => rail.retrievePayment(id)),
  };
}

/** The rails this deployment has, by name. A rail that is not configured is simply absent. */
export type RailRegistry = ReadonlyMap<RailName, PaymentRail>;

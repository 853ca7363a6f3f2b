import { PermanentError } from '@bloxtr8/bus';
import type { Rail } from '@bloxtr8/contracts';
import { RAILS } from '@bloxtr8/contracts';
import type { Database } from '@bloxtr8/db';
import type { Clock } from '@bloxtr8/platform';
import type { PayoutDestinations } from '../payouts/payout-destinations.ts';
import type { RailRegistry } from '../rails/guarded-rail.ts';
import type { PaymentRail, RailFailure, RailResult } from '../rails/payment-rail.ts';
import { RAIL_FAILURE_CODES } from '../rails/payment-rail.ts';
import type { UsdcDeps } from '../usdc/usdc-deps.ts';

export interface PaymentsDeps {
  readonly db: Database;
  readonly rails: RailRegistry;
  readonly clock: Clock;
  readonly payoutDestinations: PayoutDestinations;
  /** The USDC rail with its chain watcher's dependencies; absent when not configured. */
  readonly usdc?: UsdcDeps;
}

export function railFor(deps: PaymentsDeps, wire: Rail): PaymentRail {
  const name = RAILS.toName(wire);
  if (name === undefined)
    throw new PermanentError('MALFORMED_COMMAND', 'rail is missing or unknown');
  const rail = deps.rails.get(name);
  if (rail === undefined)
    throw new PermanentError('RAIL_NOT_CONFIGURED', `the ${name} rail is not configured here`);
  return rail;
}

/** The provider is unavailable after its retries: the consumer runtime tries the message again later. */
export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}

/**
 * A provider's answer: the value, or a final refusal the caller reports. Retryable failures throw,
 * so the message is retried (and dead-lettered only if the provider stays down). An idempotency
 * key reused with other parameters is our bug, not the provider's answer: it dead-letters at once
 * and moves nothing.
 */
export function answerOf<Value>(
  result: RailResult<Value>,
): { value: Value } | { refusal: RailFailure } {
  if (result.ok) return { value: result.value };
  if (result.error.retryable) {
    throw new ProviderUnavailableError(`${result.error.code}: ${result.error.message}`);
  }
  if (result.error.code === RAIL_FAILURE_CODES.idempotencyKeyReused) {
    throw new PermanentError(RAIL_FAILURE_CODES.idempotencyKeyReused, result.error.message);
  }
  return { refusal: result.error };
}

/** What a lookup at the provider found; a lookup it refuses is a bug (our query), never "nothing". */
export function foundOf<Value>(result: RailResult<Value | undefined>): Value | undefined {
  const answer = answerOf(result);
  if ('refusal' in answer) {
    throw new PermanentError(
      'PROVIDER_LOOKUP_REFUSED',
      `${answer.refusal.code}: ${answer.refusal.message}`,
    );
  }
  return answer.value;
}

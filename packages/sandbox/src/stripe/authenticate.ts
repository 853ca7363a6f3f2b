import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { StripeFailure } from './stripe-errors.ts';
import { invalidApiKey, missingApiKey } from './stripe-errors.ts';

/** Test-mode secret and restricted keys. A live key is refused: the double is never live. */
const TEST_KEY = /^(sk|rk)_test_[0-9A-Za-z_]+$/;

/**
 * The API key of a request sent with `Authorization: Bearer <key>`, as the SDK sends it. When
 * `allowedKeys` is given only those keys are accepted; otherwise any test-mode key is.
 */
export function authenticate(
  authorization: string | null,
  allowedKeys: readonly string[] | null,
): Result<string, StripeFailure> {
  const match = /^Bearer (\S+)$/.exec(authorization ?? '');
  const key = match?.[1];
  if (key === undefined) return err(missingApiKey());
  const isAccepted = TEST_KEY.test(key) && (allowedKeys === null || allowedKeys.includes(key));
  return isAccepted ? ok(key) : err(invalidApiKey(maskKey(key)));
}

/** `sk_test_abc…wxyz` → `sk_test_*****wxyz`, as Stripe echoes a rejected key. */
function maskKey(key: string): string {
  const prefix = /^[a-z]+_[a-z]+_/.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  return `${prefix}${'*'.repeat(Math.max(0, rest.length - 4))}${rest.slice(-4)}`;
}

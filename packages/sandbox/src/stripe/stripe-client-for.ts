import { Stripe } from 'stripe';
import type { StripeDouble } from './start-stripe-double.ts';

type StripeConfig = NonNullable<ConstructorParameters<typeof Stripe>[1]>;

/** A test-mode key; the double accepts any `sk_test_…` key unless told otherwise. */
export const DOUBLE_TEST_API_KEY = 'sk_test_bloxtr8_double';

/**
 * The official SDK, unchanged, pointed at the double. Network retries are off unless asked for,
 * so a test sees each answer of the double rather than the SDK's retries of it.
 */
export function stripeClientFor(
  double: StripeDouble,
  { apiKey = DOUBLE_TEST_API_KEY, ...config }: StripeConfig & { readonly apiKey?: string } = {},
): Stripe {
  return new Stripe(apiKey, {
    host: '127.0.0.1',
    port: double.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    ...config,
  });
}

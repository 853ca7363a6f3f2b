import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

let drawIndex: (bound: number) => number = randomInt;

/**
 * Draw the double's ids from `source` (an integer in [0, bound)) instead of the system's
 * randomness, or from the system again with null. For the simulator, whose runs must replay
 * exactly from a seed: ids decide partitions (webhook events are keyed by the PaymentIntent).
 */
export function drawStripeIdsFrom(source: ((bound: number) => number) | null): void {
  drawIndex = source ?? randomInt;
}

/** Random base62 characters, the alphabet Stripe uses after an id's prefix. */
function randomBase62(length: number): string {
  let text = '';
  for (let index = 0; index < length; index += 1) text += BASE62[drawIndex(BASE62.length)];
  return text;
}

/**
 * A Stripe-looking id such as `pi_3MtwBwLkdIwHu7ix28a3tqPa`: the prefix tells the object's kind,
 * which consumers rely on (a transfer destination must start with `acct_`, and so on).
 */
export function newStripeId(prefix: string): string {
  return `${prefix}_${randomBase62(24)}`;
}

/** A connected account id: Stripe's are shorter than other ids. */
export function newAccountId(): string {
  return `acct_${randomBase62(16)}`;
}

/** A PaymentIntent's client secret has the form `pi_…_secret_…`, as Stripe.js expects. */
export function newClientSecret(paymentIntentId: string): string {
  return `${paymentIntentId}_secret_${randomBase62(25)}`;
}

/** A webhook endpoint signing secret, in Stripe's `whsec_` form. */
export function newWebhookSecret(): string {
  return `whsec_${randomBase62(32)}`;
}

/** A request id for the `Request-Id` header, in Stripe's `req_` form. */
export function newRequestId(): string {
  return `req_${randomBase62(14)}`;
}

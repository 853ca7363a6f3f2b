import type { FaultSpec, StripeFailure } from '@bloxtr8/sandbox/stripe';
import { apiError, balanceInsufficient, rateLimited } from '@bloxtr8/sandbox/stripe';
import type { Prng } from './prng.ts';
import { SIM_STRIPE_TIMEOUT_MS } from './sim-world.ts';

/** Stripe's answer while the first request with a key still runs. */
const IN_PROGRESS: StripeFailure = {
  status: 409,
  error: {
    type: 'idempotency_error',
    message:
      'There is currently another in-progress request using this idempotent key. Please try again later.',
  },
};

const WRITES = [
  '/v1/payment_intents',
  '/v1/transfers',
  '/v1/refunds',
  '/v1/payment_intents/:id/cancel',
];
const READS = ['/v1/transfers', '/v1/refunds', '/v1/accounts/:id', '/v1/payment_intents/:id'];

/**
 * One provider misbehaviour, drawn from the seed: 5xx and rate limits before anything happened,
 * an outage long enough to exhaust every retry (the message dead-letters), answers lost after the
 * request took effect (a 500, a dropped connection, a timeout), Stripe's 409 for a request it is
 * still running (which then completes), and final refusals of a transfer or refund that a later
 * attempt gets through.
 */
export function drawFault(
  prng: Prng,
  options: { readonly refundRefusals: boolean },
): { readonly name: string; readonly spec: FaultSpec } {
  const write = prng.pick(WRITES);
  const kind = prng.weighted([
    ['5xx', 4],
    ['rate-limit', 1],
    ['outage', 1],
    ['outage-after-effect', 1],
    ['lost-answer', 3],
    ['dropped-connection', 1],
    ['timeout', 0.5],
    ['in-progress', 2],
    ['read-5xx', 2],
    ['transfer-refused', 1],
    // Off by default: a refused refund of a late payment is a known finding (see ADR 0020).
    ['refund-refused', options.refundRefusals ? 0.5 : 0],
  ] as const);
  const post = { method: 'POST' as const, path: write };
  switch (kind) {
    case '5xx':
      return fault(kind, write, { ...post, failure: apiError(), times: prng.int(1, 3) });
    case 'rate-limit':
      return fault(kind, write, { ...post, failure: rateLimited(), times: prng.int(1, 2) });
    case 'outage':
      return fault(kind, write, { ...post, failure: apiError(), times: prng.int(6, 14) });
    case 'outage-after-effect':
      // The requests go through but no answer comes back, until retries run out: the message
      // dead-letters although the money moved, and is replayed after Stripe forgot the key.
      return fault(kind, write, {
        ...post,
        failure: apiError(),
        takesEffect: true,
        times: prng.int(6, 14),
      });
    case 'lost-answer':
      return fault(kind, write, { ...post, failure: apiError(), takesEffect: true });
    case 'dropped-connection':
      return fault(kind, write, { ...post, resetConnection: true, takesEffect: true });
    case 'timeout':
      return fault(kind, write, {
        ...post,
        delayMs: SIM_STRIPE_TIMEOUT_MS + 60,
        takesEffect: true,
      });
    case 'in-progress':
      return fault(kind, write, { ...post, failure: IN_PROGRESS, takesEffect: true });
    case 'read-5xx': {
      const path = prng.pick(READS);
      return fault(kind, path, { method: 'GET', path, failure: apiError(), times: prng.int(1, 3) });
    }
    case 'transfer-refused':
      return fault(kind, '/v1/transfers', {
        method: 'POST',
        path: '/v1/transfers',
        failure: balanceInsufficient(),
      });
    case 'refund-refused':
      return fault(kind, '/v1/refunds', {
        method: 'POST',
        path: '/v1/refunds',
        failure: {
          status: 400,
          error: { type: 'invalid_request_error', message: 'refused', code: 'refund_refused' },
        },
      });
  }
}

function fault(kind: string, path: string, spec: FaultSpec) {
  return { name: `${kind} ${spec.method ?? '*'} ${path}`, spec };
}

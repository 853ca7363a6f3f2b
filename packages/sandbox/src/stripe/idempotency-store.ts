import { createHash } from 'node:crypto';
import type { Clock } from '@bloxtr8/platform';
import type { FormValue } from './form-body.ts';
import type { StripeFailure } from './stripe-errors.ts';
import {
  idempotencyKeyInFlight,
  idempotencyKeyOtherEndpoint,
  idempotencyKeyReused,
} from './stripe-errors.ts';

/** A response saved under an idempotency key, replayed byte for byte. */
export interface SavedResponse {
  readonly status: number;
  readonly body: string;
  readonly requestId: string;
  readonly errorCode: string | null;
}

export interface IdempotentRequest {
  readonly method: string;
  readonly path: string;
  readonly params: FormValue;
}

export type IdempotencyCheck =
  | { readonly kind: 'fresh' }
  | { readonly kind: 'replay'; readonly saved: SavedResponse }
  | { readonly kind: 'conflict'; readonly failure: StripeFailure };

interface Entry {
  readonly endpoint: string;
  readonly fingerprint: string;
  readonly startedAtMs: number;
  saved: SavedResponse | null;
}

/** Stripe keeps keys for 24 hours. */
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Stripe's idempotency (https://docs.stripe.com/api/idempotent_requests): keys are scoped to the
 * API key; the first result of an executed request is saved and replayed to every later request
 * with the same key and parameters; other parameters or another endpoint with the key are an
 * `idempotency_error`; so is a second request while the first is still running (409).
 */
export class IdempotencyStore {
  readonly #entries = new Map<string, Entry>();
  readonly #keysMax: number;
  readonly #clock: Clock;

  constructor(keysMax: number, clock: Clock) {
    this.#keysMax = keysMax;
    this.#clock = clock;
  }

  begin(apiKey: string, key: string, request: IdempotentRequest): IdempotencyCheck {
    const slot = slotFor(apiKey, key);
    const nowMs = this.#clock.now().getTime();
    const existing = this.#entries.get(slot);
    const endpoint = `${request.method} ${request.path}`;
    const fingerprint = fingerprintOf(request.params);
    if (existing !== undefined && nowMs - existing.startedAtMs < KEY_LIFETIME_MS) {
      if (existing.endpoint !== endpoint) {
        return conflict(idempotencyKeyOtherEndpoint(key, existing.endpoint, endpoint));
      }
      if (existing.fingerprint !== fingerprint) return conflict(idempotencyKeyReused(key));
      if (existing.saved === null) return conflict(idempotencyKeyInFlight(key));
      return { kind: 'replay', saved: existing.saved };
    }
    this.#entries.delete(slot);
    this.#entries.set(slot, { endpoint, fingerprint, startedAtMs: nowMs, saved: null });
    this.#evictOldest();
    return { kind: 'fresh' };
  }

  save(apiKey: string, key: string, saved: SavedResponse): void {
    const entry = this.#entries.get(slotFor(apiKey, key));
    if (entry !== undefined) entry.saved = saved;
  }

  /** The request did not execute (refused parameters, lost before running): forget the key. */
  release(apiKey: string, key: string): void {
    const slot = slotFor(apiKey, key);
    if (this.#entries.get(slot)?.saved === null) this.#entries.delete(slot);
  }

  clear(): void {
    this.#entries.clear();
  }

  #evictOldest(): void {
    for (const slot of this.#entries.keys()) {
      if (this.#entries.size <= this.#keysMax) return;
      this.#entries.delete(slot);
    }
  }
}

function conflict(failure: StripeFailure): IdempotencyCheck {
  return { kind: 'conflict', failure };
}

/** Hashed, so the store never holds an API key in the clear. */
function slotFor(apiKey: string, key: string): string {
  return createHash('sha256').update(apiKey).update('\0').update(key).digest('hex');
}

/** Parameters compared by content, whatever order they were sent in. */
function fingerprintOf(value: FormValue): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: FormValue): unknown {
  if (typeof value === 'string') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((name) => [name, sortKeys(value[name] ?? '')]),
  );
}

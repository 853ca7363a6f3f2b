import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '@bloxtr8/platform';
import { BoundedLog } from './bounded-log.ts';
import { newWebhookSecret } from './ids.ts';
import type { StripeEvent } from './object-store.ts';
import type { DeliveryAttempt, DeliveryKind, Forgery } from './webhook-attempt.ts';
import { isDelivered, postWebhook } from './webhook-attempt.ts';
import { signatureHeader } from './webhook-signature.ts';

export interface WebhookEndpoint {
  readonly url: string;
  readonly secret: string;
}

/** Stripe retries a failed delivery for days; tests want the same shape in milliseconds. */
export interface WebhookRetryPolicy {
  /** Attempts per event including the first; 1 disables retries. */
  readonly attemptsMax: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export type ReleaseOrder = 'created' | 'reversed' | 'shuffled';

export interface WebhookDispatcherOptions {
  readonly clock: Clock;
  readonly retry: WebhookRetryPolicy;
  readonly timeoutMs: number;
  readonly attemptsRecordedMax: number;
  /** Bound on deliveries in flight and on events held back; beyond it deliveries are dropped. */
  readonly queueMax: number;
  readonly onAttempt: (attempt: DeliveryAttempt) => void;
}

/**
 * Sends events to the configured endpoint as Stripe does: asynchronously, signed, retried with
 * exponential backoff on anything but a 2xx. It also misbehaves on request (held and reordered
 * events, concurrent redeliveries, forged signatures) so receivers can be tested against it.
 */
export class WebhookDispatcher {
  readonly #options: WebhookDispatcherOptions;
  readonly #attempts: BoundedLog<DeliveryAttempt>;
  readonly #inFlight = new Set<Promise<unknown>>();
  #endpoint: WebhookEndpoint | null = null;
  #isHeld = false;
  #held: StripeEvent[] = [];
  #stop = new AbortController();

  constructor(options: WebhookDispatcherOptions) {
    this.#options = options;
    this.#attempts = new BoundedLog(options.attemptsRecordedMax);
  }

  setEndpoint(url: string, secret: string | undefined): WebhookEndpoint {
    this.#endpoint = { url, secret: secret ?? newWebhookSecret() };
    return this.#endpoint;
  }

  endpointCount(): number {
    return this.#endpoint === null ? 0 : 1;
  }

  /** Called for every new event: sends it now, or keeps it while webhooks are held. */
  enqueue(event: StripeEvent): void {
    if (this.#endpoint === null) return;
    if (this.#isHeld) {
      if (this.#held.length < this.#options.queueMax) this.#held.push(event);
      else this.#record(event, 'delivery', 1, null, { status: null, error: 'dropped: hold full' });
      return;
    }
    if (this.#inFlight.size >= this.#options.queueMax) {
      this.#record(event, 'delivery', 1, null, {
        status: null,
        error: 'dropped: too many in flight',
      });
      return;
    }
    this.#track(this.#deliver(event));
  }

  hold(): void {
    this.#isHeld = true;
  }

  /** Sends the held events one after another in `order`; each waits for the previous answer. */
  async release(order: ReleaseOrder): Promise<DeliveryAttempt[]> {
    const events = arrange(this.#held, order);
    this.#held = [];
    this.#isHeld = false;
    return this.deliverInOrder(events);
  }

  async deliverInOrder(events: readonly StripeEvent[]): Promise<DeliveryAttempt[]> {
    const firsts: DeliveryAttempt[] = [];
    for (const event of events) firsts.push(await this.#track(this.#deliver(event)));
    return firsts;
  }

  /** The same event `times` times at once, as Stripe may do after a timeout it misread. */
  redeliver(event: StripeEvent, times: number): Promise<DeliveryAttempt[]> {
    const sends = Array.from({ length: times }, () =>
      this.#track(this.#send(event, 'redelivery', 1, null)),
    );
    return Promise.all(sends);
  }

  sendForged(event: StripeEvent, forgery: Forgery, ageSeconds: number): Promise<DeliveryAttempt> {
    return this.#track(this.#send(event, 'forged', 1, { forgery, ageSeconds }));
  }

  /** Resolves once no delivery or retry is under way, or fails after `timeoutMs`. */
  async idle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#inFlight.size > 0) {
      if (Date.now() > deadline) throw new Error(`webhooks still in flight after ${timeoutMs} ms`);
      await Promise.race([Promise.allSettled([...this.#inFlight]), sleep(50)]);
    }
  }

  attempts(): DeliveryAttempt[] {
    return this.#attempts.entries();
  }

  /** Forgets the endpoint, held events and records, and abandons deliveries under way. */
  async reset(): Promise<void> {
    this.#stop.abort();
    await Promise.allSettled([...this.#inFlight]);
    this.#stop = new AbortController();
    this.#endpoint = null;
    this.#isHeld = false;
    this.#held = [];
    this.#attempts.clear();
  }

  /** First attempt, then retries in the background until delivered or out of attempts. */
  async #deliver(event: StripeEvent): Promise<DeliveryAttempt> {
    const first = await this.#send(event, 'delivery', 1, null);
    if (!isDelivered(first) && this.#options.retry.attemptsMax > 1) this.#track(this.#retry(event));
    return first;
  }

  async #retry(event: StripeEvent): Promise<void> {
    const { attemptsMax, initialDelayMs, maxDelayMs } = this.#options.retry;
    const stop = this.#stop.signal;
    for (let attempt = 2; attempt <= attemptsMax; attempt += 1) {
      const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 2));
      await sleep(delayMs, undefined, { signal: stop }).catch(() => undefined);
      if (stop.aborted) return;
      if (isDelivered(await this.#send(event, 'retry', attempt, null))) return;
    }
  }

  async #send(
    event: StripeEvent,
    kind: DeliveryKind,
    attempt: number,
    forged: { readonly forgery: Forgery; readonly ageSeconds: number } | null,
  ): Promise<DeliveryAttempt> {
    const endpoint = this.#endpoint;
    if (endpoint === null) {
      return this.#record(event, kind, attempt, null, { status: null, error: 'no endpoint' });
    }
    const nowSeconds = Math.floor(this.#options.clock.now().getTime() / 1000);
    const signed = signEvent(
      event,
      endpoint.secret,
      nowSeconds,
      forged?.forgery ?? null,
      forged?.ageSeconds ?? 0,
    );
    const signal = AbortSignal.any([
      this.#stop.signal,
      AbortSignal.timeout(this.#options.timeoutMs),
    ]);
    const outcome = await postWebhook(endpoint.url, signed.payload, signed.header, signal);
    const recorded = this.#record(event, kind, attempt, forged?.forgery ?? null, outcome);
    if (forged === null && isDelivered(recorded)) event.pending_webhooks = 0;
    return recorded;
  }

  #record(
    event: StripeEvent,
    kind: DeliveryKind,
    attempt: number,
    forgery: Forgery | null,
    outcome: { readonly status: number | null; readonly error: string | null },
  ): DeliveryAttempt {
    const at = this.#options.clock.now().toISOString();
    const recorded = {
      eventId: event.id,
      eventType: event.type,
      kind,
      attempt,
      forgery,
      ...outcome,
      at,
    };
    this.#attempts.push(recorded);
    this.#options.onAttempt(recorded);
    return recorded;
  }

  #track<Value>(work: Promise<Value>): Promise<Value> {
    this.#inFlight.add(work);
    const forget = () => this.#inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }
}

function arrange(events: readonly StripeEvent[], order: ReleaseOrder): StripeEvent[] {
  if (order === 'created') return [...events];
  if (order === 'reversed') return [...events].reverse();
  const shuffled = [...events];
  for (let index = shuffled.length - 1; index > 0; index -= 1) {
    const other = randomInt(index + 1);
    [shuffled[index], shuffled[other]] = [
      shuffled[other] as StripeEvent,
      shuffled[index] as StripeEvent,
    ];
  }
  return shuffled;
}

/** The body and `Stripe-Signature` header for one send, honest or forged. */
function signEvent(
  event: StripeEvent,
  secret: string,
  nowSeconds: number,
  forgery: Forgery | null,
  ageSeconds: number,
): { payload: string; header: string | null } {
  // Stripe sends its events pretty-printed with two spaces; receivers must verify the raw bytes.
  const payload = JSON.stringify(event, null, 2);
  switch (forgery) {
    case null:
      return { payload, header: signatureHeader(payload, secret, nowSeconds) };
    case 'wrong_secret':
      return { payload, header: signatureHeader(payload, newWebhookSecret(), nowSeconds) };
    case 'stale_timestamp':
      return { payload, header: signatureHeader(payload, secret, nowSeconds - ageSeconds) };
    case 'tampered_body':
      return { payload: tamper(event), header: signatureHeader(payload, secret, nowSeconds) };
    case 'missing_signature':
      return { payload, header: null };
  }
}

/** The signed event with its amount raised by 100 minor units (or flipped to live mode). */
function tamper(event: StripeEvent): string {
  const copy = structuredClone(event) as StripeEvent & { data: { object: { amount?: unknown } } };
  const target = copy.data.object;
  if (typeof target.amount === 'number') target.amount += 100;
  else copy.livemode = true;
  return JSON.stringify(copy, null, 2);
}

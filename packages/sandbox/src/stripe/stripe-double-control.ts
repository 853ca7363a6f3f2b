import type { Stripe } from 'stripe';
import type { RecordedCall } from './call-log.ts';
import type {
  TDeclinePayment,
  TFailRefund,
  TFlushWebhooks,
  TForgeEvent,
  TRedeliverEvent,
  TRegisterAccount,
  TReleaseWebhooks,
  TReverseTransfer,
  TSettings,
  TSucceedPayment,
  TWebhookEndpoint,
} from './control-schemas.ts';
import type { DoubleSettings } from './double-context.ts';
import type { FaultSpec } from './fault-plan.ts';
import type { ConnectedAccount, StripeEvent } from './object-store.ts';
import type { DeliveryAttempt } from './webhook-attempt.ts';
import type { WebhookEndpoint } from './webhook-dispatcher.ts';

/** Everything the double has created, oldest first. */
export interface DoubleObjects {
  readonly paymentIntents: Stripe.PaymentIntent[];
  readonly charges: Stripe.Charge[];
  readonly transfers: Stripe.Transfer[];
  readonly refunds: Stripe.Refund[];
  readonly accounts: ConnectedAccount[];
}

/** A control request the double refused, with its problem `code` (`NOT_FOUND`, …). */
export class StripeDoubleControlError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, detail: string) {
    super(`stripe double control: ${detail}`);
    this.name = 'StripeDoubleControlError';
    this.status = status;
    this.code = code;
  }
}

/**
 * A typed client of the double's control API (`/__control/…`), which is not Stripe's: it plays the
 * buyer, Stripe's own schedule and a hostile network, and shows tests what happened.
 */
export class StripeDoubleControl {
  readonly #baseUrl: string;

  constructor(baseUrl: string) {
    this.#baseUrl = baseUrl.replace(/\/$/, '');
  }

  async reset(): Promise<void> {
    await this.#call('POST', '/reset');
  }

  registerAccount(options: TRegisterAccount = {}): Promise<ConnectedAccount> {
    return this.#call('POST', '/accounts', options);
  }

  /** The account's owner finishes onboarding, as opening its onboarding link does. */
  completeOnboarding(accountId: string): Promise<ConnectedAccount> {
    return this.#call('POST', `/accounts/${encodeURIComponent(accountId)}/complete_onboarding`);
  }

  setWebhookEndpoint(endpoint: TWebhookEndpoint): Promise<WebhookEndpoint> {
    return this.#call('PUT', '/webhooks/endpoint', endpoint);
  }

  /** The buyer pays (optionally a different amount or currency than asked). */
  succeedPaymentIntent(id: string, options: TSucceedPayment = {}): Promise<Stripe.PaymentIntent> {
    return this.#call('POST', `/payment_intents/${encodeURIComponent(id)}/succeed`, options);
  }

  /** The buyer's card is declined (`generic_decline` unless told otherwise). */
  failPaymentIntent(id: string, options: TDeclinePayment = {}): Promise<Stripe.PaymentIntent> {
    return this.#call('POST', `/payment_intents/${encodeURIComponent(id)}/fail`, options);
  }

  reverseTransfer(id: string, options: TReverseTransfer = {}): Promise<Stripe.Transfer> {
    return this.#call('POST', `/transfers/${encodeURIComponent(id)}/reverse`, options);
  }

  failRefund(id: string, options: TFailRefund = {}): Promise<Stripe.Refund> {
    return this.#call('POST', `/refunds/${encodeURIComponent(id)}/fail`, options);
  }

  settleRefund(id: string): Promise<Stripe.Refund> {
    return this.#call('POST', `/refunds/${encodeURIComponent(id)}/settle`);
  }

  updateSettings(settings: TSettings): Promise<DoubleSettings> {
    return this.#call('PUT', '/settings', settings);
  }

  injectFault(fault: FaultSpec): Promise<{ readonly id: string }> {
    return this.#call('POST', '/faults', fault);
  }

  async clearFaults(): Promise<void> {
    await this.#call('DELETE', '/faults');
  }

  async holdWebhooks(): Promise<void> {
    await this.#call('POST', '/webhooks/hold');
  }

  /** Sends the held events one by one in `order`; resolves with each first attempt. */
  releaseWebhooks(options: TReleaseWebhooks = {}): Promise<DeliveryAttempt[]> {
    return this.#call('POST', '/webhooks/release', options);
  }

  /** Sends these (already created) events again, one by one, in exactly this order. */
  deliverEvents(eventIds: readonly string[]): Promise<DeliveryAttempt[]> {
    return this.#call('POST', '/webhooks/deliver', { eventIds });
  }

  /** Sends one event `times` times concurrently (2 by default). */
  redeliverEvent(eventId: string, options: TRedeliverEvent = {}): Promise<DeliveryAttempt[]> {
    return this.#call('POST', '/webhooks/redeliver', { eventId, ...options });
  }

  /** Sends one event that a receiver must refuse: bad secret, stale (600 s), tampered, unsigned. */
  sendForgedEvent(eventId: string, options: TForgeEvent): Promise<DeliveryAttempt> {
    return this.#call('POST', '/webhooks/forge', { eventId, ...options });
  }

  /** Waits until no webhook delivery or retry is under way. */
  async flushWebhooks(options: TFlushWebhooks = {}): Promise<void> {
    await this.#call('POST', '/webhooks/flush', options);
  }

  deliveries(): Promise<DeliveryAttempt[]> {
    return this.#call('GET', '/webhooks/deliveries');
  }

  calls(): Promise<RecordedCall[]> {
    return this.#call('GET', '/calls');
  }

  objects(): Promise<DoubleObjects> {
    return this.#call('GET', '/objects');
  }

  events(): Promise<StripeEvent[]> {
    return this.#call('GET', '/events');
  }

  /** The platform's available balance in minor units, per currency. */
  balance(): Promise<Record<string, number>> {
    return this.#call('GET', '/balance');
  }

  async #call<Result>(method: string, path: string, body?: object): Promise<Result> {
    const response = await fetch(`${this.#baseUrl}/__control${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as { data?: Result; code?: string; detail?: string };
    if (!response.ok) {
      throw new StripeDoubleControlError(
        response.status,
        answer.code ?? 'UNKNOWN',
        answer.detail ?? '',
      );
    }
    return answer.data as Result;
  }
}

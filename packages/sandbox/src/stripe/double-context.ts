import type { Clock } from '@bloxtr8/platform';
import type { Stripe } from 'stripe';
import { newStripeId } from './ids.ts';
import type { ObjectStore, StripeEvent } from './object-store.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';

/** Behaviour a test can switch at run time through the control API. */
export interface DoubleSettings {
  /** New refunds start `pending` (settled or failed later through the control API). */
  refundsStartPending: boolean;
  /** How long a new PaymentIntent stays invisible to search, as Stripe's index lags writes. */
  searchIndexLagMs: number;
  /** How long a new charge's funds stay pending before they are available (`available_on`). */
  fundsPendingSeconds: number;
}

/** What every operation of the double works on: its objects, its time and its webhooks. */
export interface DoubleContext {
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly apiVersion: string;
  readonly webhooks: WebhookDispatcher;
  readonly settings: DoubleSettings;
  /**
   * `http://127.0.0.1:<port>`, set once the double listens (the port is picked then): links the
   * API hands out, such as onboarding links, point here.
   */
  baseUrl: string;
}

/** The API request that caused an event, as Stripe reports it in `event.request`. */
export interface RequestOrigin {
  readonly id: string | null;
  readonly idempotencyKey: string | null;
}

/** Events caused by the buyer or by Stripe itself, not by an API call of the platform. */
export const NO_REQUEST: RequestOrigin = { id: null, idempotencyKey: null };

export function nowSeconds(context: DoubleContext): number {
  return Math.floor(context.clock.now().getTime() / 1000);
}

/**
 * Records an event holding a snapshot of `object` as it is now, and hands it to the webhook
 * dispatcher. Snapshots matter: a later change to the object must not rewrite past events.
 */
export function publishEvent(
  context: DoubleContext,
  type: Stripe.Event.Type,
  object: object,
  origin: RequestOrigin,
  previousAttributes?: Record<string, unknown>,
): StripeEvent {
  const data =
    previousAttributes === undefined
      ? { object: structuredClone(object) }
      : { object: structuredClone(object), previous_attributes: previousAttributes };
  const event: StripeEvent = {
    id: newStripeId('evt'),
    object: 'event',
    api_version: context.apiVersion,
    created: nowSeconds(context),
    data,
    livemode: false,
    pending_webhooks: context.webhooks.endpointCount(),
    request: { id: origin.id, idempotency_key: origin.idempotencyKey },
    type,
  };
  context.store.events.set(event.id, event);
  context.webhooks.enqueue(event);
  return event;
}

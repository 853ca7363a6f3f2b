import { appendToOutbox } from '@bloxtr8/bus';
import {
  Currency,
  createMeta,
  StripeWebhookValidatedSchema,
  TOPICS,
  WebhookEventEnvelopeSchema,
} from '@bloxtr8/contracts';
import type { Database, Queryable } from '@bloxtr8/db';
import type { Clock, Result, Secret } from '@bloxtr8/platform';
import { newId, newTraceId, ok } from '@bloxtr8/platform';
import { create } from '@bufbuild/protobuf';
import { PAYMENTS_SCHEMA } from '../mapping/payment-events.ts';
import type { StripeEventFacts, WebhookRejection } from '../rails/stripe/stripe.webhooks.ts';
import { factsOfStripeEvent, verifyStripeWebhook } from '../rails/stripe/stripe.webhooks.ts';
import { findStripeDetailsByIntent } from '../store/stripe-details.ts';
import { storeWebhookEvent } from '../store/webhook-events.ts';

export interface StripeWebhookReceiver {
  readonly db: Database;
  readonly signingSecret: Secret;
  readonly clock: Clock;
  /** Deliveries older than this are refused as replays (Stripe's default is 300 s). */
  readonly toleranceSeconds: number;
  /** Called after a forwarded event committed: wakes the payments relay when it runs here. */
  readonly onCommitted?: () => void;
}

export interface ReceivedWebhook {
  readonly providerEventId: string;
  /** The event was received before; nothing was done this time. */
  readonly duplicate: boolean;
  /** The event concerns a payment and went on to webhook.events.v1. */
  readonly forwarded: boolean;
}

/**
 * Takes one delivery from Stripe: verify the signature over the raw body first, then keep the
 * event once under Stripe's event id and forward a validated event, in one transaction. A
 * duplicate (a retry, a concurrent redelivery) is acknowledged and changes nothing.
 */
export async function receiveStripeWebhook(
  receiver: StripeWebhookReceiver,
  rawBody: Buffer,
  signatureHeader: string | undefined,
): Promise<Result<ReceivedWebhook, WebhookRejection>> {
  const now = receiver.clock.now();
  const verified = verifyStripeWebhook(rawBody, signatureHeader, receiver.signingSecret, {
    toleranceSeconds: receiver.toleranceSeconds,
    now,
  });
  if (!verified.ok) return verified;
  const event = verified.value;
  const facts = factsOfStripeEvent(event);
  const received = await receiver.db.transaction(async (tx) => {
    const fresh = await storeWebhookEvent(tx, {
      provider: 'STRIPE',
      providerEventId: event.id,
      eventType: event.type,
      rawBody: rawBody.toString('utf8'),
      receivedAt: now,
    });
    if (!fresh) return ok({ providerEventId: event.id, duplicate: true, forwarded: false });
    if (facts === undefined || facts.providerPaymentId === '') {
      return ok({ providerEventId: event.id, duplicate: false, forwarded: false });
    }
    const validated = create(StripeWebhookValidatedSchema, {
      meta: createMeta({
        eventId: newId(),
        occurredAt: now,
        traceId: newTraceId(),
        correlationId: await tradeCorrelationOf(tx, facts),
      }),
      providerEventId: facts.providerEventId,
      eventType: facts.eventType,
      providerPaymentId: facts.providerPaymentId,
      providerObjectId: facts.providerObjectId,
      escrowId: facts.escrowId,
      amountMinor: facts.amountMinor,
      // Stripe carries USD for us; any other currency stays UNSPECIFIED and can never fund.
      currency: facts.currency === 'USD' ? Currency.USD : Currency.UNSPECIFIED,
      providerStatus: facts.providerStatus,
      failureCode: facts.failureCode,
      failureMessage: facts.failureMessage,
      providerCreatedAt: facts.providerCreatedAt.toISOString(),
      providerChargeId: facts.providerChargeId,
    });
    await appendToOutbox(
      tx,
      PAYMENTS_SCHEMA,
      TOPICS.webhookEvents,
      create(WebhookEventEnvelopeSchema, {
        event: { case: 'stripeWebhookValidated', value: validated },
      }),
    );
    return ok({ providerEventId: event.id, duplicate: false, forwarded: true });
  });
  if (received.ok && received.value.forwarded) receiver.onCommitted?.();
  return received;
}

/**
 * The trade's correlation id, which every message of the trade carries: the one the
 * CreatePaymentIntent command brought, recorded with the PaymentIntent. A payment no escrow of
 * ours created falls back to what Stripe names, so it can still be followed.
 */
async function tradeCorrelationOf(tx: Queryable, facts: StripeEventFacts): Promise<string> {
  const details = await findStripeDetailsByIntent(tx, facts.providerPaymentId);
  return details?.correlationId ?? (facts.escrowId || facts.providerPaymentId);
}

import { appendToOutbox } from '@bloxtr8/bus';
import type { EventMeta, PaymentEventEnvelope, Rail } from '@bloxtr8/contracts';
import {
  createMeta,
  metaCausedBy,
  PaymentEventEnvelopeSchema,
  PaymentFailedSchema,
  RefundFailedSchema,
  TOPICS,
  TransferFailedSchema,
} from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { newId, newTraceId } from '@bloxtr8/platform';
import { create } from '@bufbuild/protobuf';
import type { RailFailure } from '../rails/payment-rail.ts';

/** The schema whose outbox the payments service publishes through. */
export const PAYMENTS_SCHEMA = 'payments';

/** Puts one payment event in the payments outbox, in the caller's transaction. */
export async function emitPaymentEvent(
  tx: Queryable,
  event: PaymentEventEnvelope['event'],
): Promise<void> {
  await appendToOutbox(
    tx,
    PAYMENTS_SCHEMA,
    TOPICS.paymentEvents,
    create(PaymentEventEnvelopeSchema, { event }),
  );
}

/** The events that report a provider's final refusal of a money movement. */
export type RailRefusalEvent = 'paymentFailed' | 'refundFailed' | 'transferFailed';

/** Reports a provider's final refusal to move the escrow's money, in the caller's transaction. */
export async function emitRailRefusal(
  tx: Queryable,
  kind: RailRefusalEvent,
  meta: EventMeta,
  command: { readonly escrowId: string; readonly rail: Rail },
  refusal: RailFailure,
): Promise<void> {
  const fields = {
    meta,
    escrowId: command.escrowId,
    rail: command.rail,
    failureCode: refusal.code,
    failureMessage: refusal.message,
  };
  const event: PaymentEventEnvelope['event'] =
    kind === 'paymentFailed'
      ? { case: kind, value: create(PaymentFailedSchema, fields) }
      : kind === 'refundFailed'
        ? { case: kind, value: create(RefundFailedSchema, fields) }
        : { case: kind, value: create(TransferFailedSchema, fields) };
  await emitPaymentEvent(tx, event);
}

/** Meta for an event caused by a message (a command, a validated webhook). */
export function metaAfter(cause: EventMeta, now: Date): EventMeta {
  return metaCausedBy(cause, newId(), now);
}

/** Meta for a fact that starts from outside (a provider's webhook): a fresh trace in the trade's correlation. */
export function metaFromOutside(correlationId: string, now: Date): EventMeta {
  return createMeta({ eventId: newId(), occurredAt: now, traceId: newTraceId(), correlationId });
}

/** Meta for an event caused by `cause` but belonging to the trade `correlationId`. */
export function metaForTrade(cause: EventMeta, correlationId: string, now: Date): EventMeta {
  return createMeta({
    eventId: newId(),
    occurredAt: now,
    traceId: cause.traceId,
    correlationId,
    causationId: cause.eventId,
  });
}

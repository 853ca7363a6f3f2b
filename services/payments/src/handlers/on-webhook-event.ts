import type { EnvelopeHandler, Preparer } from '@bloxtr8/bus';
import { PermanentError } from '@bloxtr8/bus';
import type { EventMeta, StripeWebhookValidated, TOPICS } from '@bloxtr8/contracts';
import {
  Currency,
  DiscrepancyKind,
  PaymentFailedSchema,
  PaymentSucceededSchema,
  Rail,
  ReconciliationDiscrepancyFoundSchema,
} from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import type { Logger } from '@bloxtr8/platform';
import { newId } from '@bloxtr8/platform';
import { create } from '@bufbuild/protobuf';
import { emitPaymentEvent, metaForTrade } from '../mapping/payment-events.ts';
import type { RailResult, StartedRefund } from '../rails/payment-rail.ts';
import { recordDiscrepancy } from '../store/discrepancies.ts';
import { bookMovement, paymentLines } from '../store/ledger.ts';
import { recordArtifact } from '../store/payment-artifacts.ts';
import type { StripeEscrowDetails } from '../store/stripe-details.ts';
import {
  findStripeDetails,
  findStripeDetailsByIntent,
  recordPaidCharge,
} from '../store/stripe-details.ts';
import type { PaymentsDeps } from './payments-deps.ts';
import { railFor } from './payments-deps.ts';
import { recordRefundUpdate } from './record-refund-update.ts';
import type { UnwantedReason } from './unwanted-payments.ts';
import { bookUnwantedPayment, refundUnwantedPayment } from './unwanted-payments.ts';

type Topic = typeof TOPICS.webhookEvents;

export type PreparedWebhook =
  | { readonly kind: 'ignore' }
  | { readonly kind: 'funded'; readonly details: StripeEscrowDetails }
  | {
      readonly kind: 'unwanted';
      readonly details: StripeEscrowDetails;
      readonly reason: UnwantedReason;
      readonly refund: RailResult<StartedRefund>;
    }
  | { readonly kind: 'payment-failed'; readonly details: StripeEscrowDetails }
  | { readonly kind: 'refund-update'; readonly details: StripeEscrowDetails };

async function detailsOf(
  webhook: StripeWebhookValidated,
  deps: PaymentsDeps,
): Promise<StripeEscrowDetails> {
  const details =
    (await findStripeDetailsByIntent(deps.db, webhook.providerPaymentId)) ??
    (webhook.escrowId === '' ? undefined : await findStripeDetails(deps.db, webhook.escrowId));
  if (details !== undefined) return details;
  if (webhook.escrowId === '') {
    throw new PermanentError(
      'UNKNOWN_PAYMENT',
      `${webhook.providerPaymentId} belongs to no escrow`,
    );
  }
  // Named an escrow we have not recorded yet: the intent's own transaction may still be committing.
  throw new Error(
    `payment ${webhook.providerPaymentId} of escrow ${webhook.escrowId} is not recorded yet`,
  );
}

/**
 * webhook.events.v1, first half. A succeeded payment is checked against the escrow's terms before
 * it counts: a different amount or currency, or a payment to an escrow already cancelled, is
 * refunded at once (the provider call happens here, outside the transaction).
 */
export function prepareWebhookEvent(deps: PaymentsDeps): Preparer<Topic, PreparedWebhook> {
  return async ({ envelope }) => {
    if (envelope.event.case !== 'stripeWebhookValidated') return { kind: 'ignore' };
    const webhook = envelope.event.value;
    switch (webhook.eventType) {
      case 'payment_intent.succeeded': {
        const details = await detailsOf(webhook, deps);
        const mismatch =
          webhook.amountMinor !== details.amountMinor || webhook.currency !== Currency.USD;
        const reason: UnwantedReason | undefined = mismatch
          ? 'mismatch'
          : details.cancelRequestedAt !== null
            ? 'late-payment'
            : undefined;
        if (reason === undefined) return { kind: 'funded', details };
        const refund = await refundUnwantedPayment(
          railFor(deps, Rail.STRIPE),
          details,
          {
            providerPaymentId: webhook.providerPaymentId,
            amountMinor: webhook.amountMinor,
            currency: 'USD',
          },
          reason,
        );
        return { kind: 'unwanted', details, reason, refund };
      }
      case 'payment_intent.payment_failed':
        return { kind: 'payment-failed', details: await detailsOf(webhook, deps) };
      case 'refund.updated':
      case 'refund.failed':
        return { kind: 'refund-update', details: await detailsOf(webhook, deps) };
      default:
        return { kind: 'ignore' };
    }
  };
}

/** webhook.events.v1, second half: book what the provider confirmed and tell the escrow. */
export function onWebhookEvent(deps: PaymentsDeps): EnvelopeHandler<Topic, PreparedWebhook> {
  return async ({ envelope, meta }, { tx, prepared, logger }) => {
    if (envelope.event.case !== 'stripeWebhookValidated' || prepared.kind === 'ignore') return;
    const webhook = envelope.event.value;
    const now = deps.clock.now();
    const tradeMeta = () => metaForTrade(meta, prepared.details.correlationId, now);
    switch (prepared.kind) {
      case 'funded':
        return recordFunding(tx, webhook, prepared.details, tradeMeta);
      case 'unwanted':
        return recordUnwanted(tx, webhook, prepared, tradeMeta, logger);
      case 'payment-failed':
        return emitPaymentEvent(tx, {
          case: 'paymentFailed',
          value: create(PaymentFailedSchema, {
            meta: tradeMeta(),
            escrowId: prepared.details.escrowId,
            rail: Rail.STRIPE,
            providerPaymentId: webhook.providerPaymentId,
            failureCode: webhook.failureCode || 'payment_failed',
            failureMessage: webhook.failureMessage,
          }),
        });
      case 'refund-update':
        return recordRefundUpdate(tx, webhook, prepared.details, tradeMeta);
    }
  };
}

async function recordFunding(
  tx: Queryable,
  webhook: StripeWebhookValidated,
  details: StripeEscrowDetails,
  nextMeta: () => EventMeta,
): Promise<void> {
  await recordArtifact(tx, {
    escrowId: details.escrowId,
    rail: 'STRIPE',
    kind: 'PAYMENT_INTENT',
    providerId: webhook.providerPaymentId,
    amountMinor: webhook.amountMinor,
    currency: 'USD',
    providerStatus: webhook.providerStatus,
    idempotencyKey: null,
  });
  await recordPaidCharge(tx, details.escrowId, webhook.providerChargeId);
  const firstReport = await bookMovement(tx, {
    escrowId: details.escrowId,
    movement: 'PAYMENT',
    currency: 'USD',
    providerRef: webhook.providerPaymentId,
    lines: paymentLines(webhook.amountMinor),
  });
  // The same payment reported again (another event, a redelivery) funds nothing twice.
  if (!firstReport) return;
  await emitPaymentEvent(tx, {
    case: 'paymentSucceeded',
    value: create(PaymentSucceededSchema, {
      meta: nextMeta(),
      escrowId: details.escrowId,
      rail: Rail.STRIPE,
      providerPaymentId: webhook.providerPaymentId,
      amountMinor: webhook.amountMinor,
      currency: webhook.currency,
    }),
  });
}

async function recordUnwanted(
  tx: Queryable,
  webhook: StripeWebhookValidated,
  prepared: Extract<PreparedWebhook, { kind: 'unwanted' }>,
  nextMeta: () => EventMeta,
  logger: Logger,
): Promise<void> {
  const { details, reason } = prepared;
  const payment = {
    providerPaymentId: webhook.providerPaymentId,
    amountMinor: webhook.amountMinor,
    currency: 'USD',
  };
  await recordPaidCharge(tx, details.escrowId, webhook.providerChargeId);
  const booked = await bookUnwantedPayment(tx, details, payment, reason, prepared.refund);
  logger.warn(
    { escrowId: details.escrowId, reason, ...booked },
    'payment not accepted; refunding it',
  );
  if (reason !== 'mismatch') return;
  const detail = `received ${webhook.amountMinor} (currency ${webhook.currency}), expected ${details.amountMinor} USD`;
  await recordDiscrepancy(tx, {
    id: newId(),
    escrowId: details.escrowId,
    rail: 'STRIPE',
    kind: 'AMOUNT_MISMATCH',
    platformState: `awaiting ${details.amountMinor} USD`,
    providerState: `${webhook.providerStatus} ${webhook.amountMinor}`,
    detail,
  });
  await emitPaymentEvent(tx, {
    case: 'reconciliationDiscrepancyFound',
    value: create(ReconciliationDiscrepancyFoundSchema, {
      meta: nextMeta(),
      discrepancyId: newId(),
      escrowId: details.escrowId,
      rail: Rail.STRIPE,
      kind: DiscrepancyKind.AMOUNT_MISMATCH,
      platformState: `awaiting ${details.amountMinor} USD`,
      providerState: webhook.providerStatus,
      detail,
    }),
  });
  await emitPaymentEvent(tx, {
    case: 'paymentFailed',
    value: create(PaymentFailedSchema, {
      meta: nextMeta(),
      escrowId: details.escrowId,
      rail: Rail.STRIPE,
      providerPaymentId: webhook.providerPaymentId,
      failureCode: 'AMOUNT_MISMATCH',
      failureMessage: `${detail}; the payment is refunded`,
    }),
  });
}

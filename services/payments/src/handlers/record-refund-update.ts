import type { EventMeta, StripeWebhookValidated } from '@bloxtr8/contracts';
import { Currency, Rail, RefundFailedSchema, RefundSucceededSchema } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { create } from '@bufbuild/protobuf';
import { emitPaymentEvent } from '../mapping/payment-events.ts';
import { bookMovement, refundLines } from '../store/ledger.ts';
import { findArtifact } from '../store/payment-artifacts.ts';
import type { StripeEscrowDetails } from '../store/stripe-details.ts';

/** A settlement refund the provider finished later than the call that started it. */
export async function recordRefundUpdate(
  tx: Queryable,
  webhook: StripeWebhookValidated,
  details: StripeEscrowDetails,
  nextMeta: () => EventMeta,
): Promise<void> {
  const artifact = await findArtifact(tx, 'REFUND', webhook.providerObjectId);
  // Only refunds the escrow asked for report back to it; unwanted-payment refunds do not.
  if (artifact?.idempotencyKey?.includes(':refund:') !== true) return;
  const status = webhook.providerStatus;
  await tx.query(
    `update payments.payment_artifacts set provider_status = $3, updated_at = now()
     where kind = 'REFUND' and provider_id = $1 and escrow_id = $2`,
    [webhook.providerObjectId, details.escrowId, status],
  );
  if (status === 'succeeded') {
    const firstReport = await bookMovement(tx, {
      escrowId: details.escrowId,
      movement: 'REFUND',
      currency: 'USD',
      providerRef: webhook.providerObjectId,
      lines: refundLines(webhook.amountMinor),
    });
    if (!firstReport) return;
    await emitPaymentEvent(tx, {
      case: 'refundSucceeded',
      value: create(RefundSucceededSchema, {
        meta: nextMeta(),
        escrowId: details.escrowId,
        rail: Rail.STRIPE,
        providerRefundId: webhook.providerObjectId,
        amountMinor: webhook.amountMinor,
        currency: Currency.USD,
      }),
    });
  } else if (status === 'failed' || status === 'canceled') {
    await emitPaymentEvent(tx, {
      case: 'refundFailed',
      value: create(RefundFailedSchema, {
        meta: nextMeta(),
        escrowId: details.escrowId,
        rail: Rail.STRIPE,
        failureCode: webhook.failureCode || 'refund_failed',
        failureMessage: webhook.failureMessage,
      }),
    });
  }
}

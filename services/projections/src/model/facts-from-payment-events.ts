import type { PaymentEventEnvelope } from '@bloxtr8/contracts';
import { CURRENCIES, RAILS } from '@bloxtr8/contracts';
import { assertNever } from '@bloxtr8/platform';
import type { PaymentEventFact } from './escrow-facts.ts';
import { factBase } from './facts-from-escrow-events.ts';

/**
 * A payments.events.v1 envelope as a fact for the read models, or undefined for what no read model
 * shows (reconciliation discrepancies belong to an operators' view, not to the trade's timeline).
 */
export function paymentEventFact(envelope: PaymentEventEnvelope): PaymentEventFact | undefined {
  const { event } = envelope;
  if (event.case === undefined || event.value.meta === undefined) return undefined;
  const meta = event.value.meta;
  switch (event.case) {
    case 'paymentIntentCreated': {
      const m = event.value;
      return {
        ...factBase(meta, m.escrowId),
        type: 'PaymentIntentCreated',
        rail: RAILS.toName(m.rail) ?? null,
        providerPaymentId: m.providerPaymentId,
        amountMinor: m.amountMinor,
        currency: CURRENCIES.toName(m.currency) ?? null,
        depositAddress: m.depositAddress,
      };
    }
    case 'paymentSucceeded': {
      const m = event.value;
      return {
        ...factBase(meta, m.escrowId),
        type: 'PaymentSucceeded',
        providerPaymentId: m.providerPaymentId,
        amountMinor: m.amountMinor,
        currency: CURRENCIES.toName(m.currency) ?? null,
        txHash: m.txHash,
      };
    }
    case 'paymentFailed':
      return {
        ...factBase(meta, event.value.escrowId),
        type: 'PaymentFailed',
        providerPaymentId: event.value.providerPaymentId,
        failureCode: event.value.failureCode,
        failureMessage: event.value.failureMessage,
      };
    case 'transferSucceeded': {
      const m = event.value;
      return {
        ...factBase(meta, m.escrowId),
        type: 'TransferSucceeded',
        providerTransferId: m.providerTransferId,
        amountMinor: m.amountMinor,
        feeMinor: m.feeMinor,
        txHash: m.txHash,
      };
    }
    case 'transferFailed':
      return {
        ...factBase(meta, event.value.escrowId),
        type: 'TransferFailed',
        failureCode: event.value.failureCode,
        failureMessage: event.value.failureMessage,
      };
    case 'transferHeld':
      return {
        ...factBase(meta, event.value.escrowId),
        type: 'TransferHeld',
        sellerId: event.value.sellerId,
        holdReason: event.value.reason,
        holdMessage: event.value.reasonMessage,
        attempt: event.value.attempt,
      };
    case 'refundSucceeded': {
      const m = event.value;
      return {
        ...factBase(meta, m.escrowId),
        type: 'RefundSucceeded',
        providerRefundId: m.providerRefundId,
        amountMinor: m.amountMinor,
        txHash: m.txHash,
      };
    }
    case 'refundFailed':
      return {
        ...factBase(meta, event.value.escrowId),
        type: 'RefundFailed',
        failureCode: event.value.failureCode,
        failureMessage: event.value.failureMessage,
      };
    case 'reconciliationDiscrepancyFound':
      return undefined;
    default:
      return assertNever(event, 'payment event');
  }
}

import type { Secret } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import { Stripe } from 'stripe';
import type {
  CancelInput,
  CancelOutcome,
  CompletedTransfer,
  CreatedPayment,
  CreatePaymentInput,
  PaymentRail,
  PaymentSnapshot,
  PayoutReadiness,
  RailResult,
  RefundInput,
  StartedRefund,
  TransferInput,
} from '../payment-rail.ts';
import {
  failureFromStripeError,
  fromStripeAmount,
  isLiveRefund,
  latestChargeOf,
  paymentStatusOf,
  paysOutEscrow,
  startedRefundOf,
  toStripeAmount,
  toStripeCurrency,
} from './stripe.mapping.ts';

export interface StripeConnection {
  readonly secretKey: Secret;
  /** Where the API lives; the loopback sandbox in tests and the embedded default. */
  readonly host?: string;
  readonly port?: number;
  readonly protocol?: 'http' | 'https';
  readonly timeoutMs?: number;
}

export function createStripeClient(connection: StripeConnection): Stripe {
  return new Stripe(connection.secretKey.reveal(), {
    // We retry ourselves (callProvider), with the same idempotency key, under a circuit breaker.
    maxNetworkRetries: 0,
    timeout: connection.timeoutMs ?? 10_000,
    telemetry: false,
    ...(connection.host === undefined ? {} : { host: connection.host }),
    ...(connection.port === undefined ? {} : { port: connection.port }),
    ...(connection.protocol === undefined ? {} : { protocol: connection.protocol }),
  });
}

/** The transfer group ties a PaymentIntent to the Connect transfer that pays it out. */
export const transferGroupOf = (escrowId: string) => `escrow_${escrowId}`;

/** Stripe's largest list page: more than one escrow ever has transfers or refunds. */
const LOOKUP_PAGE_SIZE = 100;

function completedTransferOf(transfer: Stripe.Transfer): CompletedTransfer {
  return {
    providerTransferId: transfer.id,
    payoutMinor: fromStripeAmount(transfer.amount),
    txHash: '',
  };
}

async function attempt<Value>(call: () => Promise<Value>): Promise<RailResult<Value>> {
  try {
    return ok(await call());
  } catch (error) {
    return err(failureFromStripeError(error));
  }
}

/**
 * The Stripe rail: the buyer pays a PaymentIntent in Stripe's own UI (no card data touches us),
 * the seller is paid by a Connect transfer of the amount less the platform fee, and refunds go
 * through the Refunds API. Every call carries the caller's idempotency key.
 */
export function createStripeRail(stripe: Stripe): PaymentRail {
  return {
    name: 'STRIPE',

    createPayment: (input: CreatePaymentInput) =>
      attempt<CreatedPayment>(async () => {
        const intent = await stripe.paymentIntents.create(
          {
            amount: toStripeAmount(input.amountMinor),
            currency: toStripeCurrency(input.currency),
            metadata: { escrow_id: input.escrowId },
            transfer_group: transferGroupOf(input.escrowId),
            automatic_payment_methods: { enabled: true },
            description: `Bloxtr8 escrow ${input.escrowId}`,
          },
          { idempotencyKey: input.idempotencyKey },
        );
        return {
          providerPaymentId: intent.id,
          clientSecret: intent.client_secret ?? '',
          depositAddress: '',
          providerStatus: intent.status,
        };
      }),

    transfer: (input: TransferInput) =>
      attempt<CompletedTransfer>(async () => {
        const transfer = await stripe.transfers.create(
          {
            amount: toStripeAmount(input.payoutMinor),
            currency: toStripeCurrency(input.currency),
            destination: input.destination,
            transfer_group: transferGroupOf(input.escrowId),
            // Card funds stay pending for days: naming the charge lets the release use them.
            ...(input.sourceTransaction === ''
              ? {}
              : { source_transaction: input.sourceTransaction }),
            metadata: {
              escrow_id: input.escrowId,
              payment_intent: input.providerPaymentId,
              fee_minor: input.feeMinor.toString(),
            },
          },
          { idempotencyKey: input.idempotencyKey },
        );
        return completedTransferOf(transfer);
      }),

    payoutAccountReadiness: (destination: string) =>
      attempt<PayoutReadiness>(async () => {
        const account = await stripe.accounts.retrieve(destination);
        return account.capabilities?.transfers === 'active' ? 'READY' : 'NOT_READY';
      }),

    findTransfer: (escrowId: string) =>
      attempt<CompletedTransfer | undefined>(async () => {
        // One escrow has a handful of transfers at most; a page of 100 holds them all.
        const page = await stripe.transfers.list({
          transfer_group: transferGroupOf(escrowId),
          limit: LOOKUP_PAGE_SIZE,
        });
        const paid = page.data.find((transfer) => paysOutEscrow(transfer, escrowId));
        return paid === undefined ? undefined : completedTransferOf(paid);
      }),

    findRefund: (input) =>
      attempt<StartedRefund | undefined>(async () => {
        const page = await stripe.refunds.list({
          payment_intent: input.providerPaymentId,
          limit: LOOKUP_PAGE_SIZE,
        });
        const live = page.data.find(isLiveRefund);
        return live === undefined ? undefined : startedRefundOf(live);
      }),

    refund: (input: RefundInput) =>
      attempt<StartedRefund>(async () => {
        const refund = await stripe.refunds.create(
          {
            payment_intent: input.providerPaymentId,
            amount: toStripeAmount(input.amountMinor),
            metadata: { escrow_id: input.escrowId },
          },
          { idempotencyKey: input.idempotencyKey },
        );
        if (refund.status === 'failed' || refund.status === 'canceled') {
          throw Object.assign(new Error(refund.failure_reason ?? 'refund failed'), {
            type: 'StripeInvalidRequestError',
            code: refund.failure_reason ?? 'refund_failed',
          });
        }
        return startedRefundOf(refund);
      }),

    cancelPayment: async (input: CancelInput): Promise<RailResult<CancelOutcome>> => {
      if (input.providerPaymentId === '') return ok('NOTHING_TO_CANCEL');
      const cancelled = await attempt(() =>
        stripe.paymentIntents.cancel(
          input.providerPaymentId,
          {},
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      if (cancelled.ok) return ok('CANCELLED');
      if (cancelled.error.code !== 'payment_intent_unexpected_state') return cancelled;
      // Too late to cancel: find out whether the buyer paid or it was already cancelled.
      const intent = await attempt(() => stripe.paymentIntents.retrieve(input.providerPaymentId));
      if (!intent.ok) return intent;
      if (intent.value.status === 'succeeded') return ok('ALREADY_PAID');
      return ok(intent.value.status === 'canceled' ? 'CANCELLED' : 'NOTHING_TO_CANCEL');
    },

    retrievePayment: (providerPaymentId: string) =>
      attempt<PaymentSnapshot>(async () => {
        const intent = await stripe.paymentIntents.retrieve(providerPaymentId);
        return {
          providerPaymentId: intent.id,
          status: paymentStatusOf(intent),
          amountMinor: fromStripeAmount(
            intent.amount_received > 0 ? intent.amount_received : intent.amount,
          ),
          currency: intent.currency.toUpperCase(),
          escrowId: intent.metadata.escrow_id ?? '',
          chargeId: latestChargeOf(intent),
        };
      }),
  };
}

import type { CurrencyCode, RailName } from '@bloxtr8/contracts';
import type { Result } from '@bloxtr8/platform';

/**
 * A provider's refusal or failure. `retryable` failures (outages, rate limits, timeouts) are tried
 * again; the others (a declined card, an invalid account, too little balance) are final and
 * reported to the escrow as such.
 */
export interface RailFailure {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
}

export type RailResult<Value> = Result<Value, RailFailure>;

export interface CreatePaymentInput {
  readonly escrowId: string;
  readonly amountMinor: bigint;
  readonly currency: CurrencyCode;
  readonly idempotencyKey: string;
}

export interface CreatedPayment {
  readonly providerPaymentId: string;
  /** Stripe: lets the buyer's browser confirm the payment in Stripe's own UI. */
  readonly clientSecret: string;
  /** USDC: where the buyer sends the funds. */
  readonly depositAddress: string;
  readonly providerStatus: string;
}

export interface TransferInput {
  readonly escrowId: string;
  /** What the seller receives: the escrowed amount less the platform fee. */
  readonly payoutMinor: bigint;
  readonly feeMinor: bigint;
  readonly currency: CurrencyCode;
  readonly destinationRef: string;
  readonly providerPaymentId: string;
  readonly idempotencyKey: string;
}

export interface CompletedTransfer {
  readonly providerTransferId: string;
  readonly txHash: string;
}

export interface RefundInput {
  readonly escrowId: string;
  readonly providerPaymentId: string;
  readonly amountMinor: bigint;
  readonly currency: CurrencyCode;
  readonly idempotencyKey: string;
}

export interface StartedRefund {
  readonly providerRefundId: string;
  /** Refunds may complete later (a webhook then says so). */
  readonly status: 'SUCCEEDED' | 'PENDING';
  readonly txHash: string;
}

export interface CancelInput {
  readonly escrowId: string;
  readonly providerPaymentId: string;
  readonly idempotencyKey: string;
}

/** What became of a cancellation: the buyer may have paid just before it. */
export type CancelOutcome = 'CANCELLED' | 'ALREADY_PAID' | 'NOTHING_TO_CANCEL';

export interface PaymentSnapshot {
  readonly providerPaymentId: string;
  /** Our reading of the provider's status; an unknown provider status stays PENDING. */
  readonly status: 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly escrowId: string;
}

/**
 * One payment rail, stateless: each call is one provider request carrying an idempotency key, so
 * repeating it (a redelivered command, a retry) never moves money twice. Persistence belongs to
 * the handlers.
 */
export interface PaymentRail {
  readonly name: RailName;
  /** Failure codes: provider codes such as `amount_too_large`; retryable on outages. */
  createPayment(input: CreatePaymentInput): Promise<RailResult<CreatedPayment>>;
  /** Failure codes: e.g. `balance_insufficient`, `account_invalid`; retryable on outages. */
  transfer(input: TransferInput): Promise<RailResult<CompletedTransfer>>;
  /** Failure codes: e.g. `charge_already_refunded`; retryable on outages. */
  refund(input: RefundInput): Promise<RailResult<StartedRefund>>;
  cancelPayment(input: CancelInput): Promise<RailResult<CancelOutcome>>;
  retrievePayment(providerPaymentId: string): Promise<RailResult<PaymentSnapshot>>;
}

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
  /**
   * The provider is still working on this very request (another try with the same idempotency
   * key is running): retry later, but it says nothing about the provider's health.
   */
  readonly inProgress?: boolean;
}

/**
 * Stable codes the rails give the provider failures the handlers treat alike on every rail; other
 * failures keep the provider's own code.
 * - PAYOUT_ACCOUNT_INVALID (final): the destination does not exist at the provider or cannot be
 *   used; the seller must sort it out before a release can pay.
 * - PAYOUT_ACCOUNT_NOT_READY (final for this call): the account exists but cannot receive
 *   transfers yet (onboarding unfinished); the release is held, not failed.
 * - IDEMPOTENCY_KEY_IN_USE (retryable, in progress): the same request is still running.
 * - IDEMPOTENCY_KEY_REUSED (final): the key was used with other parameters, which is a bug.
 */
export const RAIL_FAILURE_CODES = {
  payoutAccountInvalid: 'PAYOUT_ACCOUNT_INVALID',
  payoutAccountNotReady: 'PAYOUT_ACCOUNT_NOT_READY',
  idempotencyKeyInUse: 'IDEMPOTENCY_KEY_IN_USE',
  idempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
} as const;

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
  /** The seller's payout account on this rail, resolved when settling. */
  readonly destination: string;
  readonly providerPaymentId: string;
  /**
   * Stripe: the charge that brought the buyer's money, so the transfer may use it while it is
   * still pending; empty when unknown.
   */
  readonly sourceTransaction: string;
  readonly idempotencyKey: string;
}

export interface CompletedTransfer {
  readonly providerTransferId: string;
  /** What the transfer carries to the seller. */
  readonly payoutMinor: bigint;
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
  readonly amountMinor: bigint;
  /** Refunds may complete later (a webhook then says so). */
  readonly status: 'SUCCEEDED' | 'PENDING';
  readonly txHash: string;
}

export interface CancelInput {
  readonly escrowId: string;
  readonly providerPaymentId: string;
  readonly idempotencyKey: string;
}

/** Whether a payout account can receive a transfer now: onboarding may be unfinished. */
export type PayoutReadiness = 'READY' | 'NOT_READY';

/** What became of a cancellation: the buyer may have paid just before it. */
export type CancelOutcome = 'CANCELLED' | 'ALREADY_PAID' | 'NOTHING_TO_CANCEL';

export interface PaymentSnapshot {
  readonly providerPaymentId: string;
  /** Our reading of the provider's status; an unknown provider status stays PENDING. */
  readonly status: 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly escrowId: string;
  /** The charge that carried the money (Stripe's latest_charge); empty while there is none. */
  readonly chargeId: string;
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
  /**
   * Failure codes: PAYOUT_ACCOUNT_INVALID, PAYOUT_ACCOUNT_NOT_READY, IDEMPOTENCY_KEY_REUSED,
   * provider codes such as `balance_insufficient`; retryable on outages and IDEMPOTENCY_KEY_IN_USE.
   */
  transfer(input: TransferInput): Promise<RailResult<CompletedTransfer>>;
  /**
   * Whether `destination` can receive a transfer now. Asked before paying, so that a release for
   * an account still onboarding waits without spending its idempotency key on a refusal the
   * provider would replay. Failure codes: PAYOUT_ACCOUNT_INVALID; retryable on outages.
   */
  payoutAccountReadiness(destination: string): Promise<RailResult<PayoutReadiness>>;
  /**
   * What the provider already paid out for the escrow, whoever asked and under whatever key: a
   * transfer that has not been reversed, or undefined. Asked before every transfer, so a retry
   * after a lost answer or after the provider forgot the idempotency key never pays twice.
   */
  findTransfer(escrowId: string): Promise<RailResult<CompletedTransfer | undefined>>;
  /** Failure codes: e.g. `charge_already_refunded`; retryable on outages. */
  refund(input: RefundInput): Promise<RailResult<StartedRefund>>;
  /** The refund of this payment the provider already made or is making (not failed), if any. */
  findRefund(input: {
    readonly escrowId: string;
    readonly providerPaymentId: string;
  }): Promise<RailResult<StartedRefund | undefined>>;
  cancelPayment(input: CancelInput): Promise<RailResult<CancelOutcome>>;
  retrievePayment(providerPaymentId: string): Promise<RailResult<PaymentSnapshot>>;
}

import type { Queryable } from '@bloxtr8/db';

export interface StripeEscrowDetails {
  readonly escrowId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly correlationId: string;
  readonly paymentIntentId: string | null;
  readonly transferId: string | null;
  readonly refundId: string | null;
  readonly amountMinor: bigint;
  readonly currency: 'USD';
  readonly cancelRequestedAt: Date | null;
  /** The charge that carried the buyer's money, once the payment succeeded. */
  readonly chargeId: string | null;
}

interface DetailsRow {
  escrow_id: string;
  buyer_id: string;
  seller_id: string;
  correlation_id: string;
  payment_intent_id: string | null;
  transfer_id: string | null;
  refund_id: string | null;
  amount_minor: bigint;
  currency: 'USD';
  cancel_requested_at: Date | null;
  charge_id: string | null;
}

function toDetails(row: DetailsRow): StripeEscrowDetails {
  return {
    escrowId: row.escrow_id,
    buyerId: row.buyer_id,
    sellerId: row.seller_id,
    correlationId: row.correlation_id,
    paymentIntentId: row.payment_intent_id,
    transferId: row.transfer_id,
    refundId: row.refund_id,
    amountMinor: row.amount_minor,
    currency: row.currency,
    cancelRequestedAt: row.cancel_requested_at,
    chargeId: row.charge_id,
  };
}

const DETAIL_COLUMNS = `escrow_id, buyer_id, seller_id, correlation_id, payment_intent_id, transfer_id,
  refund_id, amount_minor, currency, cancel_requested_at, charge_id`;

export async function findStripeDetails(
  db: Queryable,
  escrowId: string,
): Promise<StripeEscrowDetails | undefined> {
  const { rows } = await db.query<DetailsRow>(
    `select ${DETAIL_COLUMNS} from payments.stripe_escrow_details where escrow_id = $1`,
    [escrowId],
  );
  return rows[0] === undefined ? undefined : toDetails(rows[0]);
}

export async function findStripeDetailsByIntent(
  db: Queryable,
  paymentIntentId: string,
): Promise<StripeEscrowDetails | undefined> {
  const { rows } = await db.query<DetailsRow>(
    `select ${DETAIL_COLUMNS} from payments.stripe_escrow_details where payment_intent_id = $1`,
    [paymentIntentId],
  );
  return rows[0] === undefined ? undefined : toDetails(rows[0]);
}

/** Remembers the PaymentIntent of an escrow; the same intent twice is a no-op. */
export async function saveStripeIntent(
  tx: Queryable,
  details: Pick<
    StripeEscrowDetails,
    'escrowId' | 'buyerId' | 'sellerId' | 'correlationId' | 'amountMinor'
  > & {
    readonly paymentIntentId: string;
    readonly transferGroup: string;
    /** Kept here for the buyer's escrow view only; it never goes on the bus. */
    readonly clientSecret: string;
  },
): Promise<void> {
  await tx.query(
    `insert into payments.stripe_escrow_details (escrow_id, buyer_id, seller_id, correlation_id,
       payment_intent_id, transfer_group, amount_minor, currency, client_secret)
     values ($1, $2, $3, $4, $5, $6, $7, 'USD', $8)
     on conflict (escrow_id) do update set payment_intent_id = excluded.payment_intent_id,
       client_secret = excluded.client_secret, updated_at = now()
       where payments.stripe_escrow_details.payment_intent_id is null`,
    [
      details.escrowId,
      details.buyerId,
      details.sellerId,
      details.correlationId,
      details.paymentIntentId,
      details.transferGroup,
      details.amountMinor,
      details.clientSecret === '' ? null : details.clientSecret,
    ],
  );
}

/**
 * Stripe's client secret of the escrow's PaymentIntent while the buyer may still pay it: the
 * gateway shows it to the buyer alone. Undefined once the payment succeeded or was cancelled.
 */
export async function findClientSecret(
  db: Queryable,
  escrowId: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{ client_secret: string | null }>(
    'select client_secret from payments.stripe_escrow_details where escrow_id = $1',
    [escrowId],
  );
  return rows[0]?.client_secret ?? undefined;
}

/**
 * The buyer's payment succeeded: remember the charge that carried it (releases name it as their
 * source) and forget the client secret, a bearer credential with nothing left to pay.
 */
export async function recordPaidCharge(
  tx: Queryable,
  escrowId: string,
  chargeId: string,
): Promise<void> {
  await tx.query(
    `update payments.stripe_escrow_details
        set charge_id = coalesce(nullif($2, ''), charge_id), client_secret = null, updated_at = now()
      where escrow_id = $1`,
    [escrowId, chargeId],
  );
}

export async function markCancelRequested(
  tx: Queryable,
  escrowId: string,
  at: Date,
): Promise<void> {
  await tx.query(
    `update payments.stripe_escrow_details set cancel_requested_at = coalesce(cancel_requested_at, $2),
       client_secret = null, updated_at = now() where escrow_id = $1`,
    [escrowId, at],
  );
}

export async function recordStripeTransfer(
  tx: Queryable,
  escrowId: string,
  transferId: string,
): Promise<void> {
  await tx.query(
    'update payments.stripe_escrow_details set transfer_id = $2, updated_at = now() where escrow_id = $1',
    [escrowId, transferId],
  );
}

export async function recordStripeRefund(
  tx: Queryable,
  escrowId: string,
  refundId: string,
): Promise<void> {
  await tx.query(
    'update payments.stripe_escrow_details set refund_id = $2, updated_at = now() where escrow_id = $1',
    [escrowId, refundId],
  );
}

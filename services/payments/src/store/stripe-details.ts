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
  };
}

export async function findStripeDetails(
  db: Queryable,
  escrowId: string,
): Promise<StripeEscrowDetails | undefined> {
  const { rows } = await db.query<DetailsRow>(
    'select * from payments.stripe_escrow_details where escrow_id = $1',
    [escrowId],
  );
  return rows[0] === undefined ? undefined : toDetails(rows[0]);
}

export async function findStripeDetailsByIntent(
  db: Queryable,
  paymentIntentId: string,
): Promise<StripeEscrowDetails | undefined> {
  const { rows } = await db.query<DetailsRow>(
    'select * from payments.stripe_escrow_details where payment_intent_id = $1',
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
  },
): Promise<void> {
  await tx.query(
    `insert into payments.stripe_escrow_details (escrow_id, buyer_id, seller_id, correlation_id,
       payment_intent_id, transfer_group, amount_minor, currency)
     values ($1, $2, $3, $4, $5, $6, $7, 'USD')
     on conflict (escrow_id) do update set payment_intent_id = excluded.payment_intent_id, updated_at = now()
       where payments.stripe_escrow_details.payment_intent_id is null`,
    [
      details.escrowId,
      details.buyerId,
      details.sellerId,
      details.correlationId,
      details.paymentIntentId,
      details.transferGroup,
      details.amountMinor,
    ],
  );
}

export async function markCancelRequested(
  tx: Queryable,
  escrowId: string,
  at: Date,
): Promise<void> {
  await tx.query(
    `update payments.stripe_escrow_details set cancel_requested_at = coalesce(cancel_requested_at, $2),
       updated_at = now() where escrow_id = $1`,
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

import type { Queryable } from '@bloxtr8/db';
import { newId } from '@bloxtr8/platform';

export type ArtifactKind =
  | 'PAYMENT_INTENT'
  | 'TRANSFER'
  | 'REFUND'
  | 'CANCELLATION'
  | 'DEPOSIT_ADDRESS'
  | 'DEPOSIT';

export interface Artifact {
  readonly escrowId: string;
  readonly rail: 'STRIPE' | 'USDC_BASE';
  readonly kind: ArtifactKind;
  readonly providerId: string;
  readonly amountMinor: bigint;
  readonly currency: 'USD' | 'USDC';
  readonly providerStatus: string;
  readonly idempotencyKey: string | null;
}

/** Keeps every object a provider made for us; a later status for the same object updates it. */
export async function recordArtifact(tx: Queryable, artifact: Artifact): Promise<void> {
  await tx.query(
    `insert into payments.payment_artifacts (id, escrow_id, rail, kind, provider_id, amount_minor, currency,
       provider_status, idempotency_key)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (rail, kind, provider_id)
     do update set provider_status = excluded.provider_status, updated_at = now()`,
    [
      newId(),
      artifact.escrowId,
      artifact.rail,
      artifact.kind,
      artifact.providerId,
      artifact.amountMinor,
      artifact.currency,
      artifact.providerStatus,
      artifact.idempotencyKey,
    ],
  );
}

export async function findArtifact(
  db: Queryable,
  kind: ArtifactKind,
  providerId: string,
): Promise<
  { providerStatus: string; escrowId: string; idempotencyKey: string | null } | undefined
> {
  const { rows } = await db.query<{
    provider_status: string;
    escrow_id: string;
    idempotency_key: string | null;
  }>(
    `select provider_status, escrow_id, idempotency_key from payments.payment_artifacts
     where kind = $1 and provider_id = $2`,
    [kind, providerId],
  );
  const row = rows[0];
  return row === undefined
    ? undefined
    : {
        providerStatus: row.provider_status,
        escrowId: row.escrow_id,
        idempotencyKey: row.idempotency_key,
      };
}

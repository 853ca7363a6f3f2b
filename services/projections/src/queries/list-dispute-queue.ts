import type { CurrencyCode } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import type { Result } from '@bloxtr8/platform';
import { ok } from '@bloxtr8/platform';
import type { SettlementFailureView } from '../model/escrow-view.ts';
import type { EscrowViewRow } from '../store/escrow-view-rows.ts';
import { escrowViewOfRow } from '../store/escrow-view-rows.ts';
import type { Page, PageOptions, QueryFailure } from './page-cursor.ts';
import { cursorOption, pageLimit, pageOf } from './page-cursor.ts';

/** An escrow waiting for a moderator's decision. */
export interface DisputeQueueItem {
  readonly escrowId: string;
  readonly buyerId: string | null;
  readonly sellerId: string | null;
  readonly amountMinor: bigint | null;
  readonly currency: CurrencyCode | null;
  readonly raisedBy: string | null;
  readonly reason: string | null;
  readonly detail: string;
  readonly disputedAt: Date;
  readonly disputedFrom: string | null;
  /** The dispute outlived the alert threshold (EscrowDisputeStale). */
  readonly stale: boolean;
  readonly staleAt: Date | null;
  /** Set when a moderator's resolution failed at the provider and the dispute reopened. */
  readonly lastFailure: SettlementFailureView | null;
}

/**
 * Escrows currently DISPUTED, oldest dispute first. The partial index holds only those, so the
 * queue costs what its length costs; an escrow leaves it as soon as a moderator's settlement
 * starts, and comes back if that settlement fails.
 */
export async function listDisputeQueue(
  db: Queryable,
  options: PageOptions = {},
): Promise<Result<Page<DisputeQueueItem>, QueryFailure>> {
  const cursor = cursorOption(options);
  if (!cursor.ok) return cursor;
  const limit = pageLimit(options.limit);
  const from = cursor.value;
  const { rows } = await db.query<EscrowViewRow & { disputed_at: Date }>(
    `select * from projections.escrow_views
     where state = 'DISPUTED' and (disputed_at, escrow_id)
       > (coalesce($1::timestamptz, '-infinity'), coalesce($2::uuid, '00000000-0000-0000-0000-000000000000'))
     order by disputed_at, escrow_id limit $3`,
    [from?.at ?? null, from?.escrowId ?? null, limit + 1],
  );
  const items = rows.map(disputeItemOf);
  return ok(pageOf(items, limit, (item) => ({ at: item.disputedAt, escrowId: item.escrowId })));
}

function disputeItemOf(row: EscrowViewRow & { disputed_at: Date }): DisputeQueueItem {
  const view = escrowViewOfRow(row);
  return {
    escrowId: view.escrowId,
    buyerId: view.buyerId,
    sellerId: view.sellerId,
    amountMinor: view.amountMinor,
    currency: view.currency,
    raisedBy: view.dispute?.raisedBy ?? null,
    reason: view.dispute?.reason ?? null,
    detail: view.dispute?.detail ?? '',
    disputedAt: row.disputed_at,
    disputedFrom: view.dispute?.disputedFrom ?? null,
    stale: row.dispute_stale_at !== null,
    staleAt: row.dispute_stale_at,
    lastFailure: view.lastFailure,
  };
}

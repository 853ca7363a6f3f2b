import type { Queryable } from '@bloxtr8/db';
import type { EscrowView } from '../model/escrow-view.ts';
import { VIEW_COLUMNS, viewColumnValues } from './escrow-view-rows.ts';

const SAVE_VIEW = `update projections.escrow_views set
  ${VIEW_COLUMNS.map((column, index) => `${column} = $${index + 2}`).join(', ')},
  projected_at = $${VIEW_COLUMNS.length + 2}
  where escrow_id = $1`;

/**
 * Creates the escrow's row if needed and locks it until the transaction ends. Both consumers of
 * an escrow's events take this lock before reading its timeline, so the second of two concurrent
 * events folds in the first one's timeline row instead of overwriting its effect.
 */
export async function lockEscrowView(tx: Queryable, escrowId: string, now: Date): Promise<void> {
  await tx.query(
    `insert into projections.escrow_views (escrow_id, projected_at) values ($1, $2)
     on conflict (escrow_id) do update set projected_at = excluded.projected_at`,
    [escrowId, now],
  );
}

/** Writes a freshly folded view over the locked row. */
export async function saveEscrowView(tx: Queryable, view: EscrowView, now: Date): Promise<void> {
  const values = viewColumnValues(view);
  await tx.query(SAVE_VIEW, [view.escrowId, ...VIEW_COLUMNS.map((column) => values[column]), now]);
}

import type { Queryable } from '@bloxtr8/db';

/** Every read model and its bookkeeping: all rebuilt from the topics, none of them evidence. */
const READ_MODEL_TABLES = [
  'projections.escrow_views',
  'projections.escrow_timeline',
  'projections.command_statuses',
  'projections.dlq_overview',
  'projections.consumer_progress',
] as const;

/**
 * Empties the read models and forgets what the projections' consumer groups handled (their inbox
 * rows), so that a new generation of groups projects everything again. Only this service's own
 * tables and inbox rows are touched; `groupPrefix` names its groups of every generation.
 */
export async function resetReadModels(tx: Queryable, groupPrefix: string): Promise<void> {
  await tx.query(`truncate ${READ_MODEL_TABLES.join(', ')}`);
  await tx.query(`delete from projections.inbox where starts_with(consumer_group, $1)`, [
    groupPrefix,
  ]);
}

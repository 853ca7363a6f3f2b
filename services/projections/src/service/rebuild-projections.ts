import type { Database } from '@bloxtr8/db';
import type { Clock } from '@bloxtr8/platform';
import { systemClock } from '@bloxtr8/platform';
import { advanceGeneration, lockGenerationExclusively } from '../store/generation.ts';
import { resetReadModels } from '../store/read-model-reset.ts';
import { PROJECTIONS_GROUP_PREFIX } from './consumer-groups.ts';

export interface RebuildReport {
  readonly previousGeneration: number;
  readonly generation: number;
}

/**
 * Starts the read models over: empties them, forgets what the old groups handled, and moves to a
 * new generation, all in one transaction. Consumers of the new generation are new consumer groups,
 * which the bus starts at the earliest retained offset, so they replay the topics from there.
 *
 * What a replay can see is bounded by retention (ADR 0009): events 90 days, commands 7 days (only
 * ACCEPTED statuses come from them), dead letters 30 days. Escrows whose events have aged out of
 * the topics do not come back. This is for an operator (CLI) while no projections service runs, or
 * for the service's own `rebuild()`; a consumer of an older generation still running elsewhere
 * notices the new generation at its next message, writes nothing, and restarts.
 */
export async function rebuildProjections(
  db: Database,
  options: { readonly clock?: Clock } = {},
): Promise<RebuildReport> {
  const now = (options.clock ?? systemClock).now();
  return db.transaction(async (tx) => {
    const previousGeneration = await lockGenerationExclusively(tx);
    await resetReadModels(tx, PROJECTIONS_GROUP_PREFIX);
    await advanceGeneration(tx, previousGeneration + 1, now);
    return { previousGeneration, generation: previousGeneration + 1 };
  });
}

import type { Queryable } from '@bloxtr8/db';

/**
 * Handlers hold this advisory lock shared for their whole transaction; a rebuild takes it
 * exclusively. So a rebuild waits for projections in flight, and a handler that starts during or
 * after one sees the new generation and writes nothing for the old. Arbitrary but fixed.
 */
const GENERATION_LOCK_KEY = 7_302_118_810n;

export async function readGeneration(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ generation: number }>(
    'select generation from projections.generation',
  );
  const generation = rows[0]?.generation;
  if (generation === undefined) throw new Error('projections.generation has no row; migrate first');
  return generation;
}

/** The generation current for this transaction, pinned against a concurrent rebuild. */
export async function pinGeneration(tx: Queryable): Promise<number> {
  await tx.query('select pg_advisory_xact_lock_shared($1)', [GENERATION_LOCK_KEY]);
  return readGeneration(tx);
}

/** Waits for every projection in flight, then holds off new ones until the transaction ends. */
export async function lockGenerationExclusively(tx: Queryable): Promise<number> {
  await tx.query('select pg_advisory_xact_lock($1)', [GENERATION_LOCK_KEY]);
  return readGeneration(tx);
}

export async function advanceGeneration(tx: Queryable, to: number, now: Date): Promise<void> {
  await tx.query('update projections.generation set generation = $1, started_at = $2', [to, now]);
}

import type { IncomingMessage } from '@bloxtr8/bus';
import type { Queryable } from '@bloxtr8/db';
import type { Clock } from '@bloxtr8/platform';
import { markProgress } from '../store/consumer-progress.ts';
import { pinGeneration } from '../store/generation.ts';
import { forgetInboxEntry } from '../store/projections-inbox.ts';

/** What every projection handler of one generation shares. */
export interface ProjectionContext {
  readonly generation: number;
  readonly clock: Clock;
  /**
   * Called when a handler finds that a rebuild moved the read models to a newer generation (for
   * example by another process): this consumer must not write any more, and should restart.
   */
  readonly onStale: (currentGeneration: number) => void;
}

/** Where a message sits, and the inbox entry the consumer runtime made for it, if any. */
export interface ProjectionPosition {
  readonly groupId: string;
  readonly incoming: IncomingMessage;
  readonly eventAt: Date;
  readonly inboxEventId?: string;
}

/**
 * Runs one projection in the caller's transaction if its generation is still current, and records
 * the group's progress with it. A stale consumer writes nothing: its message is acknowledged, and
 * the new generation's group projects it again from the start of the log.
 */
export async function projectIfCurrent(
  tx: Queryable,
  context: ProjectionContext,
  position: ProjectionPosition,
  project: () => Promise<void>,
): Promise<void> {
  const current = await pinGeneration(tx);
  if (current !== context.generation) {
    // Leave no trace under the old group: the inbox row the runtime wrote goes with this message.
    if (position.inboxEventId !== undefined) {
      await forgetInboxEntry(tx, position.groupId, position.inboxEventId);
    }
    context.onStale(current);
    return;
  }
  await project();
  await markProgress(tx, {
    consumerGroup: position.groupId,
    topic: position.incoming.topic,
    partition: position.incoming.partition,
    offset: position.incoming.offset,
    eventAt: position.eventAt,
    handledAt: context.clock.now(),
  });
}

import type { Queryable } from '@bloxtr8/db';
import type { BacklogProbe } from '../service/backlog-probe.ts';
import { UNKNOWN_BACKLOG } from '../service/backlog-probe.ts';
import { consumerGroupId, sourceTopics } from '../service/consumer-groups.ts';
import { readGroupProgress } from '../store/consumer-progress.ts';
import { readGeneration } from '../store/generation.ts';

/** How far one consumer group of the current generation is behind its topic. */
export interface ConsumerGroupLag {
  readonly consumerGroup: string;
  readonly topic: string;
  readonly generation: number;
  /** Messages not yet projected (committed); null when the bus cannot tell. */
  readonly messagesBehind: number | null;
  /** How long the oldest unprojected message has waited: 0 when caught up, null when unknown. */
  readonly behindMs: number | null;
  /** occurred_at of the newest event projected; null before the first. */
  readonly newestEventAt: Date | null;
  /**
   * now − newestEventAt. Known whatever the bus, and an upper bound of the lag; it also grows
   * while nothing happens, so read it together with messagesBehind where that is known.
   */
  readonly sinceNewestEventMs: number | null;
  readonly lastProjectedAt: Date | null;
  readonly messagesProjected: number;
}

export interface ProjectionLagOptions {
  readonly now: Date;
  /** Where message counts come from; without one they are reported as unknown. */
  readonly backlog?: BacklogProbe;
}

/** The lag of every projections consumer group of the current generation. */
export async function projectionLag(
  db: Queryable,
  options: ProjectionLagOptions,
): Promise<ConsumerGroupLag[]> {
  const generation = await readGeneration(db);
  const topics = sourceTopics();
  const groups = topics.map((topic) => consumerGroupId(generation, topic));
  const progress = await readGroupProgress(db, groups);
  const backlog = options.backlog ?? UNKNOWN_BACKLOG;
  const now = options.now.getTime();
  const lags: ConsumerGroupLag[] = [];
  for (const [index, topic] of topics.entries()) {
    const consumerGroup = groups[index] ?? consumerGroupId(generation, topic);
    const done = progress.get(consumerGroup);
    const reading = await backlog.read(consumerGroup, topic);
    const newestEventAt = done?.newestEventAt ?? null;
    lags.push({
      consumerGroup,
      topic,
      generation,
      messagesBehind: reading?.messagesBehind ?? null,
      behindMs: behindMsOf(reading, now),
      newestEventAt,
      sinceNewestEventMs:
        newestEventAt === null ? null : Math.max(0, now - newestEventAt.getTime()),
      lastProjectedAt: done?.lastHandledAt ?? null,
      messagesProjected: Number(done?.handled ?? 0n),
    });
  }
  return lags;
}

function behindMsOf(
  reading: { messagesBehind: number; oldestPendingAt: Date | null } | null,
  now: number,
): number | null {
  if (reading === null) return null;
  if (reading.messagesBehind === 0) return 0;
  return reading.oldestPendingAt === null
    ? null
    : Math.max(0, now - reading.oldestPendingAt.getTime());
}

import type { MessageBus } from '@bloxtr8/bus';
import type { Queryable } from '@bloxtr8/db';
import type { BacklogReading } from '../store/embedded-backlog.ts';
import { readEmbeddedBacklog } from '../store/embedded-backlog.ts';

export type { BacklogReading } from '../store/embedded-backlog.ts';

/**
 * Tells how many messages a consumer group has yet to read on a topic, where the bus can tell;
 * null where it cannot. Lag reporting depends on this port, not on a bus adapter.
 */
export interface BacklogProbe {
  read(groupId: string, topic: string): Promise<BacklogReading | null>;
}

/** For a bus that cannot count (Kafka through the port): lag falls back to event times. */
export const UNKNOWN_BACKLOG: BacklogProbe = { read: async () => null };

export function embeddedBacklogProbe(db: Queryable): BacklogProbe {
  return { read: (groupId, topic) => readEmbeddedBacklog(db, groupId, topic) };
}

/** The probe that fits the bus in use. */
export function backlogProbeFor(bus: Pick<MessageBus, 'kind'>, db: Queryable): BacklogProbe {
  return bus.kind === 'embedded' ? embeddedBacklogProbe(db) : UNKNOWN_BACKLOG;
}

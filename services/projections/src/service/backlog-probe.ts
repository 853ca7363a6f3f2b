import type { MessageBus } from '@bloxtr8/bus';
import { KafkaBus } from '@bloxtr8/bus';
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

/** For a bus that cannot count: lag falls back to event times. */
export const UNKNOWN_BACKLOG: BacklogProbe = { read: async () => null };

/**
 * Kafka's own offsets: committed against the log end per partition. Kafka does not say when the
 * oldest pending message arrived without reading it, so that stays unknown.
 */
export function kafkaBacklogProbe(bus: KafkaBus): BacklogProbe {
  return {
    read: async (groupId, topic) => {
      const { messagesBehind } = await bus.readBacklog(groupId, topic);
      return { messagesBehind, oldestPendingAt: null };
    },
  };
}

export function embeddedBacklogProbe(db: Queryable): BacklogProbe {
  return { read: (groupId, topic) => readEmbeddedBacklog(db, groupId, topic) };
}

/** The probe that fits the bus in use. */
export function backlogProbeFor(bus: MessageBus, db: Queryable): BacklogProbe {
  if (bus instanceof KafkaBus) return kafkaBacklogProbe(bus);
  return bus.kind === 'embedded' ? embeddedBacklogProbe(db) : UNKNOWN_BACKLOG;
}

import { TOPICS } from '@bloxtr8/contracts';

/** Every projections group id starts so; the generation and the source topic follow. */
export const PROJECTIONS_GROUP_PREFIX = 'projections.g';

/**
 * The consumer group of one source topic in one generation, e.g.
 * `projections.g3.escrow.events.v1`. A new generation is a new group, which the bus starts at the
 * earliest offset still retained: that is how a rebuild replays.
 */
export function consumerGroupId(generation: number, topic: string): string {
  return `${PROJECTIONS_GROUP_PREFIX}${generation}.${topic}`;
}

/** The topics whose events feed the escrow view, its timeline and the command statuses. */
export const EVENT_SOURCES = {
  escrowEvents: TOPICS.escrowEvents,
  paymentEvents: TOPICS.paymentEvents,
  escrowCommands: TOPICS.escrowCommands,
} as const;

/** The six dead-letter topics, feeding the DLQ overview. */
export function deadLetterTopics(): string[] {
  return Object.values(TOPICS).map((topic) => topic.dlq.name);
}

/** Every topic the projections read, one consumer group each. */
export function sourceTopics(): string[] {
  return [...Object.values(EVENT_SOURCES).map((topic) => topic.name), ...deadLetterTopics()];
}

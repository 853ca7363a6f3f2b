import type { Consumer, MessageBus, RetryPolicy } from '@bloxtr8/bus';
import { startConsumer } from '@bloxtr8/bus';
import type { Database } from '@bloxtr8/db';
import type { Logger } from '@bloxtr8/platform';
import { onDeadLetter } from '../handlers/on-dead-letter.ts';
import { onEscrowCommand } from '../handlers/on-escrow-command.ts';
import { onEscrowEvent } from '../handlers/on-escrow-event.ts';
import { onPaymentEvent } from '../handlers/on-payment-event.ts';
import type { ProjectionContext } from '../handlers/projection-context.ts';
import { consumerGroupId, deadLetterTopics, EVENT_SOURCES } from './consumer-groups.ts';

/** The schema whose inbox dedupes every projection (created by migration 0007). */
export const PROJECTIONS_SCHEMA = 'projections';

export interface ProjectionConsumerDeps {
  readonly db: Database;
  readonly bus: MessageBus;
  readonly logger: Logger;
  readonly retry?: RetryPolicy;
}

/**
 * One consumer group per source topic for one generation: three event topics through the consumer
 * runtime (inbox, retry, DLQ) and the six dead-letter topics subscribed directly.
 */
export async function startProjectionConsumers(
  deps: ProjectionConsumerDeps,
  context: ProjectionContext,
): Promise<Consumer[]> {
  const runtime = { db: deps.db, bus: deps.bus, logger: deps.logger };
  const group = (topic: string) => consumerGroupId(context.generation, topic);
  const shared = {
    inboxSchema: PROJECTIONS_SCHEMA,
    clock: context.clock,
    ...(deps.retry === undefined ? {} : { retry: deps.retry }),
  };
  const { escrowEvents, paymentEvents, escrowCommands } = EVENT_SOURCES;
  const consumers: Consumer[] = [];
  const starters: Array<() => Promise<Consumer>> = [
    () =>
      startConsumer(runtime, {
        ...shared,
        groupId: group(escrowEvents.name),
        topic: escrowEvents,
        handle: onEscrowEvent(context, group(escrowEvents.name)),
      }),
    () =>
      startConsumer(runtime, {
        ...shared,
        groupId: group(paymentEvents.name),
        topic: paymentEvents,
        handle: onPaymentEvent(context, group(paymentEvents.name)),
      }),
    () =>
      startConsumer(runtime, {
        ...shared,
        groupId: group(escrowCommands.name),
        topic: escrowCommands,
        handle: onEscrowCommand(context, group(escrowCommands.name)),
      }),
    ...deadLetterTopics().map(
      (topic) => () =>
        deps.bus.subscribe({
          groupId: group(topic),
          topics: [topic],
          handler: onDeadLetter(deps, context, group(topic)),
        }),
    ),
  ];
  try {
    for (const start of starters) consumers.push(await start());
  } catch (error) {
    // Half a set of consumers would project some topics and not others: leave none running.
    for (const consumer of consumers) await consumer.stop();
    throw error;
  }
  return consumers;
}

import type { TopicDefinition } from '@bloxtr8/contracts';
import { decodeEnvelope } from '@bloxtr8/contracts';
import type { BatchItem, ConsumerRuntimeDeps, ConsumerRuntimeOptions } from './consumer-runtime.ts';
import type { BatchHandler, IncomingMessage, MessageHandler } from './message-bus.ts';
import { assertSchemaName } from './outbox.ts';

/**
 * The batch path of the consumer runtime: one transaction for the messages already waiting on a
 * partition, with one inbox insert for all of them. Any failure (a poison message, a bug, an
 * outage) rolls the whole batch back and hands its messages to `single`, the one-at-a-time path
 * with retries and dead-lettering, so batching changes cost, never outcomes.
 */
export function createEnvelopeBatchHandler<Topic extends TopicDefinition, Prepared>(
  deps: ConsumerRuntimeDeps,
  options: ConsumerRuntimeOptions<Topic, Prepared>,
  single: MessageHandler,
): BatchHandler {
  const schema = assertSchemaName(options.inboxSchema);
  const log = deps.logger.child({ consumerGroup: options.groupId, topic: options.topic.name });
  const oneByOne = async (messages: readonly IncomingMessage[]) => {
    for (const message of messages) await single(message);
  };

  return async (messages) => {
    if (messages.length < 2) return oneByOne(messages);
    const decoded = messages.map((incoming) => ({
      incoming,
      result: decodeEnvelope(options.topic, incoming.value),
    }));
    const items: BatchItem<Topic>[] = [];
    for (const { incoming, result } of decoded) {
      // An undecodable message belongs to the DLQ, which only the one-at-a-time path writes.
      if (!result.ok) return oneByOne(messages);
      items.push({ incoming, message: result.value as BatchItem<Topic>['message'] });
    }
    try {
      await deps.db.transaction(async (tx) => {
        const { rows } = await tx.query<{ event_id: string }>(
          `insert into ${schema}.inbox (consumer_group, event_id, topic, partition, "offset")
           select $1, x.event_id, $2, $3, x.message_offset
           from unnest($4::uuid[], $5::int8[]) as x(event_id, message_offset)
           on conflict do nothing returning event_id`,
          [
            options.groupId,
            options.topic.name,
            messages[0]?.partition ?? 0,
            items.map((item) => item.message.meta.eventId),
            items.map((item) => item.incoming.offset.toString()),
          ],
        );
        const fresh = freshItems(items, new Set(rows.map((row) => row.event_id.toLowerCase())));
        if (fresh.length === 0) return;
        if (options.batch?.handle !== undefined) {
          await options.batch.handle(fresh, { tx, logger: log });
          return;
        }
        for (const item of fresh) {
          await options.handle(item.message as Parameters<typeof options.handle>[0], {
            tx,
            incoming: item.incoming,
            logger: log,
            prepared: undefined as Prepared,
          });
        }
      });
    } catch (error) {
      log.debug(
        { err: error, messages: messages.length },
        'batch failed; handling its messages one at a time',
      );
      return oneByOne(messages);
    }
    options.onCommitted?.();
  };
}

/** The items whose event id the inbox had not seen, each id once, in order. */
function freshItems<Topic extends TopicDefinition>(
  items: readonly BatchItem<Topic>[],
  fresh: Set<string>,
): BatchItem<Topic>[] {
  const result: BatchItem<Topic>[] = [];
  for (const item of items) {
    const id = item.message.meta.eventId.toLowerCase();
    if (!fresh.delete(id)) continue;
    result.push(item);
  }
  return result;
}

import type { IncomingMessage, MessageHandler } from '@bloxtr8/bus';
import { isPermanent } from '@bloxtr8/bus';
import type { DeadLetter } from '@bloxtr8/contracts';
import { DeadLetterSchema } from '@bloxtr8/contracts';
import type { Database } from '@bloxtr8/db';
import type { Logger } from '@bloxtr8/platform';
import { fromBinary } from '@bufbuild/protobuf';
import { deadLetterEntryOf } from '../model/dead-letter-entry.ts';
import { countDeadLetter } from '../store/dlq-overview.ts';
import { admitToInbox } from '../store/projections-inbox.ts';
import type { ProjectionContext } from './projection-context.ts';
import { projectIfCurrent } from './projection-context.ts';

function decodeDeadLetter(incoming: IncomingMessage): DeadLetter | string {
  try {
    return fromBinary(DeadLetterSchema, incoming.value);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * `<topic>.dlq`: counts dead letters into the DLQ overview. These topics carry bare DeadLetter
 * messages, not envelopes, so this handler is subscribed directly and does the consumer runtime's
 * work itself: dedupe through the inbox in the transaction of the effect. A letter that cannot be
 * read, or that the database refuses for its data, is logged and skipped: there is no dead-letter
 * queue for dead letters, and blocking the partition would hide every later failure.
 */
export function onDeadLetter(
  deps: { readonly db: Database; readonly logger: Logger },
  context: ProjectionContext,
  groupId: string,
): MessageHandler {
  const log = deps.logger.child({ consumerGroup: groupId });
  return async (incoming) => {
    const position = {
      topic: incoming.topic,
      partition: incoming.partition,
      offset: `${incoming.offset}`,
    };
    const letter = decodeDeadLetter(incoming);
    const read =
      typeof letter === 'string' ? { problem: letter } : deadLetterEntryOf(incoming.topic, letter);
    if ('problem' in read) {
      log.error({ ...position, problem: read.problem }, 'unreadable dead letter skipped');
      return;
    }
    const { entry } = read;
    try {
      await deps.db.transaction((tx) =>
        projectIfCurrent(tx, context, { groupId, incoming, eventAt: entry.failedAt }, async () => {
          if (await admitToInbox(tx, groupId, entry.deadLetterId, incoming)) {
            await countDeadLetter(tx, entry);
          }
        }),
      );
    } catch (error) {
      if (!isPermanent(error)) throw error;
      log.error({ ...position, err: error }, 'dead letter refused by the database; skipped');
    }
  };
}

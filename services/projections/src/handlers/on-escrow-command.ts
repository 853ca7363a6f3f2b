import type { EnvelopeHandler } from '@bloxtr8/bus';
import type { TOPICS } from '@bloxtr8/contracts';
import { commandAcceptedOf } from '../model/command-status-change.ts';
import { applyCommandStatusChange } from '../store/command-statuses.ts';
import type { ProjectionContext } from './projection-context.ts';
import { projectIfCurrent } from './projection-context.ts';

/** escrow.commands.v1: a command the gateway sent is ACCEPTED until its outcome is projected. */
export function onEscrowCommand(
  context: ProjectionContext,
  groupId: string,
): EnvelopeHandler<typeof TOPICS.escrowCommands> {
  return async (message, { tx, incoming }) => {
    const eventAt = new Date(message.meta.occurredAt);
    await projectIfCurrent(
      tx,
      context,
      { groupId, incoming, eventAt, inboxEventId: message.meta.eventId },
      async () => {
        const accepted = commandAcceptedOf(message.envelope);
        if (accepted === undefined) return;
        await applyCommandStatusChange(tx, accepted);
      },
    );
  };
}

import type { EnvelopeHandler } from '@bloxtr8/bus';
import type { TOPICS } from '@bloxtr8/contracts';
import { commandOutcomeOf } from '../model/command-status-change.ts';
import { escrowEventFact } from '../model/facts-from-escrow-events.ts';
import { applyCommandStatusChange } from '../store/command-statuses.ts';
import { projectEscrowFact } from './project-escrow-fact.ts';
import type { ProjectionContext } from './projection-context.ts';
import { projectIfCurrent } from './projection-context.ts';

/** escrow.events.v1: the escrow view, its timeline, the dispute queue and command outcomes. */
export function onEscrowEvent(
  context: ProjectionContext,
  groupId: string,
): EnvelopeHandler<typeof TOPICS.escrowEvents> {
  return async (message, { tx, incoming }) => {
    const eventAt = new Date(message.meta.occurredAt);
    await projectIfCurrent(
      tx,
      context,
      { groupId, incoming, eventAt, inboxEventId: message.meta.eventId },
      async () => {
        const fact = escrowEventFact(message.envelope);
        if (fact === undefined) return;
        await projectEscrowFact(tx, fact, context.clock.now());
        const outcome = commandOutcomeOf(fact);
        if (outcome !== undefined) await applyCommandStatusChange(tx, outcome);
      },
    );
  };
}

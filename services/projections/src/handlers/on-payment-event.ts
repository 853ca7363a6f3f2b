import type { EnvelopeHandler } from '@bloxtr8/bus';
import type { TOPICS } from '@bloxtr8/contracts';
import { paymentEventFact } from '../model/facts-from-payment-events.ts';
import { projectEscrowFact } from './project-escrow-fact.ts';
import type { ProjectionContext } from './projection-context.ts';
import { projectIfCurrent } from './projection-context.ts';

/** payments.events.v1: what the buyer needs to pay, and the payment side of the timeline. */
export function onPaymentEvent(
  context: ProjectionContext,
  groupId: string,
): EnvelopeHandler<typeof TOPICS.paymentEvents> {
  return async (message, { tx, incoming }) => {
    const eventAt = new Date(message.meta.occurredAt);
    await projectIfCurrent(
      tx,
      context,
      { groupId, incoming, eventAt, inboxEventId: message.meta.eventId },
      async () => {
        const fact = paymentEventFact(message.envelope);
        if (fact === undefined) return;
        await projectEscrowFact(tx, fact, context.clock.now());
      },
    );
  };
}

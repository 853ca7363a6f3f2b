import type { EscrowFact } from '../model/escrow-facts.ts';
import { escrowEventFact } from '../model/facts-from-escrow-events.ts';
import { paymentEventFact } from '../model/facts-from-payment-events.ts';
import type { StoryMessage } from './escrow-story.ts';

/** The facts a story's event messages map to (commands carry none), in story order. */
export function factsOf(messages: readonly StoryMessage[]): EscrowFact[] {
  const facts: EscrowFact[] = [];
  for (const message of messages) {
    const fact =
      message.kind === 'escrowEvent'
        ? escrowEventFact(message.envelope)
        : message.kind === 'paymentEvent'
          ? paymentEventFact(message.envelope)
          : undefined;
    if (fact !== undefined) facts.push(fact);
  }
  return facts;
}

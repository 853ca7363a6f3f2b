import type { BatchEnvelopeHandler, EnvelopeHandler } from '@bloxtr8/bus';
import type { TOPICS } from '@bloxtr8/contracts';
import type { Logger } from '@bloxtr8/platform';
import { factFromPaymentEvent } from '../mapping/commands-from-proto.ts';
import type { AddressedCommandFrom, ApplyOutcome, EscrowDeps } from './apply-escrow-command.ts';
import { applyEscrowCommand, applyEscrowCommands } from './apply-escrow-command.ts';

type Topic = typeof TOPICS.paymentEvents;

function logRefusal(logger: Logger, fact: AddressedCommandFrom, outcome: ApplyOutcome): void {
  if (outcome.outcome !== 'REJECTED') return;
  // A payment fact the escrow cannot accept is an alert: money and state disagree.
  logger.error(
    { escrowId: fact.escrowId, fact: fact.command.type, rejection: outcome.rejection },
    'payment fact refused by the escrow',
  );
}

/** payments.events.v1: what the providers did with the money, checked against each escrow. */
export function onPaymentEvent(deps: EscrowDeps): EnvelopeHandler<Topic> {
  return async (message, { tx, logger }) => {
    const fact = factFromPaymentEvent(message.envelope);
    if (fact === undefined) return;
    const item = { ...fact, cause: message.meta };
    logRefusal(
      logger,
      item,
      await applyEscrowCommand(tx, fact.escrowId, fact.command, message.meta, deps),
    );
  };
}

/** The same for a batch of payment events, in one transaction. */
export function onPaymentEvents(deps: EscrowDeps): BatchEnvelopeHandler<Topic> {
  return async (items, { tx, logger }) => {
    const facts = items.flatMap((item) => {
      const fact = factFromPaymentEvent(item.message.envelope);
      return fact === undefined ? [] : [{ ...fact, cause: item.message.meta }];
    });
    if (facts.length === 0) return;
    const outcomes = await applyEscrowCommands(tx, facts, deps);
    facts.forEach((fact, index) => {
      const outcome = outcomes[index];
      if (outcome !== undefined) logRefusal(logger, fact, outcome);
    });
  };
}

import type { EscrowCommandEnvelope } from '@bloxtr8/contracts';
import type { EscrowEventFact } from './escrow-facts.ts';

/**
 * What one message says about one escrow command. The store merges changes so that order does not
 * matter: an outcome outranks ACCEPTED, and of two outcomes the earlier event decides.
 */
export type CommandStatusChange =
  | {
      readonly status: 'ACCEPTED';
      readonly commandId: string;
      readonly escrowId: string;
      readonly commandType: string;
      readonly acceptedAt: Date;
    }
  | {
      readonly status: 'APPLIED';
      readonly commandId: string;
      readonly escrowId: string;
      readonly decidedAt: Date;
      readonly decidedByEventId: string;
    }
  | {
      readonly status: 'REJECTED';
      readonly commandId: string;
      readonly escrowId: string;
      readonly commandType: string;
      readonly reasonCode: string;
      readonly detail: string;
      readonly decidedAt: Date;
      readonly decidedByEventId: string;
    };

/**
 * The outcome an escrow event reports: a refusal names its command; any other escrow event was
 * caused by the command (or payment fact, or sweeper decision) whose id is its causation id.
 */
export function commandOutcomeOf(fact: EscrowEventFact): CommandStatusChange | undefined {
  if (fact.type === 'EscrowCommandRejected') {
    if (fact.commandEventId === '') return undefined;
    return {
      status: 'REJECTED',
      commandId: fact.commandEventId,
      escrowId: fact.escrowId,
      commandType: fact.commandType,
      reasonCode: fact.reasonCode === '' ? 'UNKNOWN' : fact.reasonCode,
      detail: fact.rejectionDetail,
      decidedAt: fact.occurredAt,
      decidedByEventId: fact.eventId,
    };
  }
  if (fact.causationId === null) return undefined;
  return {
    status: 'APPLIED',
    commandId: fact.causationId,
    escrowId: fact.escrowId,
    decidedAt: fact.occurredAt,
    decidedByEventId: fact.eventId,
  };
}

/** A command seen on escrow.commands.v1: accepted for processing, outcome still unknown. */
export function commandAcceptedOf(
  envelope: EscrowCommandEnvelope,
): CommandStatusChange | undefined {
  const { command } = envelope;
  if (command.case === undefined || command.value.meta === undefined) return undefined;
  const { meta, escrowId } = command.value;
  return {
    status: 'ACCEPTED',
    commandId: meta.eventId.toLowerCase(),
    escrowId: escrowId.toLowerCase(),
    // `bloxtr8.escrow.v1.ReleaseFunds` → `ReleaseFunds`, the name the escrow's refusals use.
    commandType: command.value.$typeName.slice(command.value.$typeName.lastIndexOf('.') + 1),
    acceptedAt: new Date(meta.occurredAt),
  };
}

import type { BatchEnvelopeHandler, EnvelopeHandler } from '@bloxtr8/bus';
import { PermanentError } from '@bloxtr8/bus';
import type { Decoded, EscrowCommandEnvelope, TOPICS } from '@bloxtr8/contracts';
import type { Logger } from '@bloxtr8/platform';
import { commandFromEnvelope } from '../mapping/commands-from-proto.ts';
import type { AddressedCommandFrom, ApplyOutcome, EscrowDeps } from './apply-escrow-command.ts';
import { applyEscrowCommand, applyEscrowCommands } from './apply-escrow-command.ts';

type Topic = typeof TOPICS.escrowCommands;

function addressed(message: Decoded<EscrowCommandEnvelope>): AddressedCommandFrom {
  const { escrowId, command } = commandFromEnvelope(message.envelope);
  if (escrowId !== message.key) {
    throw new PermanentError('KEY_MISMATCH', `keyed ${message.key} but addressed to ${escrowId}`);
  }
  return { escrowId, command, cause: message.meta };
}

function logRefusal(logger: Logger, item: AddressedCommandFrom, outcome: ApplyOutcome): void {
  if (outcome.outcome !== 'REJECTED') return;
  logger.info(
    { escrowId: item.escrowId, command: item.command.type, rejection: outcome.rejection.code },
    'escrow command refused',
  );
}

/** escrow.commands.v1: what traders, moderators and the contract side ask of an escrow. */
export function onEscrowCommand(deps: EscrowDeps): EnvelopeHandler<Topic> {
  return async (message, { tx, logger }) => {
    const item = addressed(message);
    logRefusal(
      logger,
      item,
      await applyEscrowCommand(tx, item.escrowId, item.command, item.cause, deps),
    );
  };
}

/** The same for a batch of commands, in one transaction. */
export function onEscrowCommands(deps: EscrowDeps): BatchEnvelopeHandler<Topic> {
  return async (items, { tx, logger }) => {
    const commands = items.map((item) => addressed(item.message));
    const outcomes = await applyEscrowCommands(tx, commands, deps);
    commands.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome !== undefined) logRefusal(logger, item, outcome);
    });
  };
}

import type { EnvelopeHandler } from '@bloxtr8/bus';
import { PermanentError } from '@bloxtr8/bus';
import type { TOPICS } from '@bloxtr8/contracts';
import { commandFromEnvelope } from '../mapping/commands-from-proto.ts';
import type { EscrowDeps } from './apply-escrow-command.ts';
import { applyEscrowCommand } from './apply-escrow-command.ts';

/** escrow.commands.v1: what traders, moderators and the contract side ask of an escrow. */
export function onEscrowCommand(deps: EscrowDeps): EnvelopeHandler<typeof TOPICS.escrowCommands> {
  return async (message, { tx, logger }) => {
    const { escrowId, command } = commandFromEnvelope(message.envelope);
    if (escrowId !== message.key) {
      throw new PermanentError('KEY_MISMATCH', `keyed ${message.key} but addressed to ${escrowId}`);
    }
    const result = await applyEscrowCommand(tx, escrowId, command, message.meta, deps);
    if (result.outcome === 'REJECTED') {
      logger.info(
        { escrowId, command: command.type, rejection: result.rejection.code },
        'escrow command refused',
      );
    }
  };
}

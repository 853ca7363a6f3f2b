import type { EnvelopeHandler } from '@bloxtr8/bus';
import type { TOPICS } from '@bloxtr8/contracts';
import { factFromPaymentEvent } from '../mapping/commands-from-proto.ts';
import type { EscrowDeps } from './apply-escrow-command.ts';
import { applyEscrowCommand } from './apply-escrow-command.ts';

/** payments.events.v1: what the providers did with the money, checked against each escrow. */
export function onPaymentEvent(deps: EscrowDeps): EnvelopeHandler<typeof TOPICS.paymentEvents> {
  return async (message, { tx, logger }) => {
    const fact = factFromPaymentEvent(message.envelope);
    if (fact === undefined) return;
    const result = await applyEscrowCommand(tx, fact.escrowId, fact.command, message.meta, deps);
    if (result.outcome === 'REJECTED') {
      // A payment fact the escrow cannot accept is an alert: money and state disagree.
      logger.error(
        { escrowId: fact.escrowId, fact: fact.command.type, rejection: result.rejection },
        'payment fact refused by the escrow',
      );
    }
  };
}

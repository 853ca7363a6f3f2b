import { encodeCustomId, modal } from '@bloxtr8/discord-kit';
import { escrowStep } from '../escrow-card.ts';
import type { ComponentModule } from '../handler-modules.ts';
import { deferReply, replyNow, showModal } from '../interaction-context.ts';
import { note } from '../replies.ts';

/** "Resolve: release / refund" (moderators): the decision with a note for the record. */
export const disputeResolve: ComponentModule<'dispute:resolve'> = {
  kind: 'dispute:resolve',
  click: (_context, { args }) =>
    showModal(
      modal(encodeCustomId('dispute:resolve', args), `Resolve: ${args.outcome.toLowerCase()}`, [
        { id: 'note', label: 'Why (kept in the audit log)', long: true, maxLength: 2000 },
      ]),
    ),
  submit: (context, { args }, fields) => {
    if (args.outcome !== 'RELEASE' && args.outcome !== 'REFUND') {
      return replyNow(note('This button is out of date. Run `/disputes` again.'));
    }
    const done =
      args.outcome === 'RELEASE'
        ? 'Resolved: the seller is paid.'
        : 'Resolved: the buyer is refunded.';
    return deferReply(() =>
      escrowStep(
        context,
        args.escrowId,
        'resolve',
        { outcome: args.outcome, note: fields('note') },
        done,
      ),
    );
  },
};

import { encodeCustomId, modal } from '@bloxtr8/discord-kit';
import { escrowStep } from '../escrow-card.ts';
import type { ComponentModule } from '../handler-modules.ts';
import { deferReply, replyNow, showModal } from '../interaction-context.ts';
import { note } from '../replies.ts';

const REASONS = ['NOT_DELIVERED', 'NOT_AS_DESCRIBED', 'BUYER_UNRESPONSIVE', 'OTHER'];

/** "Open dispute": a form for the reason; a moderator decides, the money stays held. */
export const escrowDispute: ComponentModule<'escrow:dispute'> = {
  kind: 'escrow:dispute',
  click: (_context, { args }) =>
    showModal(
      modal(encodeCustomId('escrow:dispute', args), 'Open a dispute', [
        {
          id: 'reason',
          label: 'Reason',
          value: 'NOT_DELIVERED',
          placeholder: REASONS.join(' | '),
          maxLength: 20,
        },
        { id: 'detail', label: 'What happened?', long: true, maxLength: 2000 },
      ]),
    ),
  submit: (context, { args }, fields) => {
    const reason = fields('reason').toUpperCase().replaceAll(' ', '_');
    if (!REASONS.includes(reason))
      return replyNow(note(`The reason is one of ${REASONS.join(', ')}.`));
    return deferReply(() =>
      escrowStep(
        context,
        args.escrowId,
        'dispute',
        { reason, detail: fields('detail') },
        'Dispute opened. A moderator will look at it; the money stays held.',
      ),
    );
  },
};

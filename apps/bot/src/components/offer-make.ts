import { encodeCustomId, formatUsd, modal } from '@bloxtr8/discord-kit';
import type { ComponentModule } from '../handler-modules.ts';
import { deferReply, showModal } from '../interaction-context.ts';
import { note, whenOk } from '../replies.ts';
import { amountOrNote } from './offer-amount.ts';

/** "Make offer" on a listing post or search page: a form for the amount and a note. */
export const offerMake: ComponentModule<'offer:make'> = {
  kind: 'offer:make',
  click: (_context, { args }) =>
    showModal(
      modal(encodeCustomId('offer:make', args), 'Make an offer', [
        { id: 'amount', label: 'Your offer in USD', placeholder: '2,500.00', maxLength: 20 },
        {
          id: 'message',
          label: 'A note to the seller (optional)',
          long: true,
          required: false,
          maxLength: 500,
        },
      ]),
    ),
  submit: (context, { args }, fields) =>
    amountOrNote(fields('amount'), (amountMinor) =>
      deferReply(() =>
        whenOk(context.api.makeOffer(args.listingId, amountMinor, fields('message')), (offer) =>
          note(
            `✅ Offer of ${formatUsd(offer.amountMinor)} sent. The seller answers within 72 hours; you get a DM.`,
          ),
        ),
      ),
    ),
};

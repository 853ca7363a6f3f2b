import { encodeCustomId, formatUsd, modal } from '@bloxtr8/discord-kit';
import type { ComponentModule } from '../handler-modules.ts';
import { deferReply, showModal } from '../interaction-context.ts';
import { note, whenOk } from '../replies.ts';
import { amountOrNote } from './offer-amount.ts';

/** "Counter": a form for another amount; the counter-offer goes to the other party. */
export const offerCounter: ComponentModule<'offer:counter'> = {
  kind: 'offer:counter',
  click: (_context, { args }) =>
    showModal(
      modal(encodeCustomId('offer:counter', args), 'Counter-offer', [
        {
          id: 'amount',
          label: 'Your counter-offer in USD',
          placeholder: '2,800.00',
          maxLength: 20,
        },
      ]),
    ),
  submit: (context, { args }, fields) =>
    amountOrNote(fields('amount'), (amountMinor) =>
      deferReply(() =>
        whenOk(context.api.counterOffer(args.offerId, amountMinor), (counter) =>
          note(
            `✅ You countered with ${formatUsd(counter.amountMinor)}. The other party gets a DM.`,
          ),
        ),
      ),
    ),
};

import { linkButton, row } from '@bloxtr8/discord-kit';
import type { ComponentModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';
import { note, whenOk } from '../replies.ts';

/**
 * "Pay" (the buyer, from a DM): the escrow as the buyer sees it carries what paying needs, so the
 * payment page's link is made now, for them alone, and never travels on the bus or sits in a DM.
 */
export const escrowPay: ComponentModule<'escrow:pay'> = {
  kind: 'escrow:pay',
  click: (context, { args }) =>
    deferReply(() =>
      whenOk(context.api.escrow(args.escrowId), (escrow) => {
        const url = context.deps.payUrl(args.escrowId, escrow.payment);
        if (escrow.state !== 'AWAIT_FUNDS' || url === null) {
          return note(
            'There is nothing to pay on this escrow now. `/escrow view` shows where it stands.',
          );
        }
        return note('Pay in the payment provider’s own page (no card details reach Bloxtr8).', {
          rows: [row(linkButton(url, 'Open the payment page'))],
        });
      }),
    ),
};

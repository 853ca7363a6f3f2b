import type { ComponentModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';
import { note, whenOk } from '../replies.ts';

/** "Decline": the offer is declined; the other party is told by DM. */
export const offerDecline: ComponentModule<'offer:decline'> = {
  kind: 'offer:decline',
  click: (context, { args }) =>
    deferReply(() =>
      whenOk(context.api.answerOffer(args.offerId, 'decline'), () =>
        note('You declined the offer.'),
      ),
    ),
};

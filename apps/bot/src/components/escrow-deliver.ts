import { escrowStep } from '../escrow-card.ts';
import type { ComponentModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';

/** "Mark delivered" (the seller): the game was handed over; the buyer is asked to confirm. */
export const escrowDeliver: ComponentModule<'escrow:deliver'> = {
  kind: 'escrow:deliver',
  click: (context, { args }) =>
    deferReply(() =>
      escrowStep(
        context,
        args.escrowId,
        'deliver',
        {},
        'Marked delivered. The buyer is asked to confirm.',
      ),
    ),
};

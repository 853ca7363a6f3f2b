import { escrowStep } from '../escrow-card.ts';
import type { ComponentModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';

/** "Confirm & release" (the buyer): the money goes to the seller. */
export const escrowRelease: ComponentModule<'escrow:release'> = {
  kind: 'escrow:release',
  click: (context, { args }) =>
    deferReply(() =>
      escrowStep(
        context,
        args.escrowId,
        'release',
        {},
        'Confirmed. The money is on its way to the seller.',
      ),
    ),
};

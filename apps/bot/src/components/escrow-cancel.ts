import { escrowStep } from '../escrow-card.ts';
import type { ComponentModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';

/** "Cancel" (either party, before the money arrives). */
export const escrowCancel: ComponentModule<'escrow:cancel'> = {
  kind: 'escrow:cancel',
  click: (context, { args }) =>
    deferReply(() => escrowStep(context, args.escrowId, 'cancel', {}, 'The escrow is cancelled.')),
};

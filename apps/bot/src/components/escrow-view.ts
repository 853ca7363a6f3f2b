import { escrowCard } from '../escrow-card.ts';
import type { ComponentModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';

/** "View escrow": the escrow card, as `/escrow view` shows it. */
export const escrowView: ComponentModule<'escrow:view'> = {
  kind: 'escrow:view',
  click: (context, { args }) => deferReply(() => escrowCard(context, args.escrowId)),
};

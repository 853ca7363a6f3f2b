import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { escrowCard } from '../escrow-card.ts';
import type { CommandModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';

/** `/escrow view id:<escrow id>`: state, amount, deadlines and the next-step buttons. */
export const escrowViewCommand: CommandModule = {
  name: 'escrow',
  description: 'Your escrows',
  dmPermission: true,
  subcommand: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'view',
    description: 'Show an escrow and its next step',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'id',
        description: 'The escrow id',
        required: true,
        max_length: 36,
      },
    ],
  },
  run: (context, options) => deferReply(() => escrowCard(context, String(options.get('id')))),
};

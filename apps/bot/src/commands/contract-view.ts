import { contractButtons, contractEmbed } from '@bloxtr8/discord-kit';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';
import { note, whenOk } from '../replies.ts';

/** `/contract view id:<contract id>`: status, PDF hash, signatures, and the signing buttons. */
export const contractViewCommand: CommandModule = {
  name: 'contract',
  description: 'Your trade contracts',
  dmPermission: true,
  subcommand: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'view',
    description: 'Show a contract and sign it',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'id',
        description: 'The contract id',
        required: true,
        max_length: 36,
      },
    ],
  },
  run: (context, options) =>
    deferReply(() =>
      whenOk(context.api.contract(String(options.get('id'))), (contract) =>
        note(`Contract for ${contract.rail} payment.`, {
          embeds: [contractEmbed(contract)],
          rows: contract.status === 'PENDING_SIGNATURE' ? contractButtons(contract.id) : [],
        }),
      ),
    ),
};

import {
  encodeCustomId,
  listingButtons,
  listingEmbed,
  modal,
  parseUsd,
} from '@bloxtr8/discord-kit';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandModule, ComponentModule } from '../handler-modules.ts';
import { deferReply, replyNow, showModal } from '../interaction-context.ts';
import { note, whenOk } from '../replies.ts';

/** `/listing create game:<universe id>`: the listing form (title, summary, price, category, visibility). */
export const listingCreateCommand: CommandModule = {
  name: 'listing',
  description: 'List a game for sale, or browse listings',
  subcommand: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'create',
    description: 'List a Roblox game you control for sale',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'game',
        description: 'The game’s universe id',
        required: true,
        max_length: 19,
      },
    ],
  },
  run: (_context, options) => {
    const universeId = String(options.get('game') ?? '');
    if (!/^[0-9]{1,19}$/.test(universeId)) {
      return replyNow(note('A universe id is digits only, e.g. `4924922222`.'));
    }
    return showModal(
      modal(encodeCustomId('listing:create', { universeId }), 'List your game', [
        { id: 'title', label: 'Title', maxLength: 255 },
        { id: 'summary', label: 'Summary', long: true, maxLength: 1000 },
        { id: 'price', label: 'Price in USD', placeholder: '2,500.00', maxLength: 20 },
        { id: 'category', label: 'Category', placeholder: 'tycoon', maxLength: 100 },
        {
          id: 'visibility',
          label: 'PUBLIC (all servers) or PRIVATE (this one)',
          value: 'PUBLIC',
          maxLength: 7,
        },
      ]),
    );
  },
};

/** The listing form sent: the listing is made (ownership checked) and posted by the platform. */
export const listingCreateForm: ComponentModule<'listing:create'> = {
  kind: 'listing:create',
  submit: (context, { args }, fields) => {
    const priceMinor = parseUsd(fields('price'));
    const visibility = fields('visibility').toUpperCase();
    if (priceMinor === null || priceMinor <= 0n) {
      return replyNow(note('The price must be an amount of dollars, e.g. `2,500` or `2500.00`.'));
    }
    if (visibility !== 'PUBLIC' && visibility !== 'PRIVATE') {
      return replyNow(note('Visibility is PUBLIC or PRIVATE.'));
    }
    return deferReply(() =>
      whenOk(
        context.api.createListing({
          universeId: args.universeId,
          title: fields('title'),
          summary: fields('summary'),
          priceMinor: Number(priceMinor),
          category: fields('category'),
          visibility,
          ...(context.guildId === null ? {} : { guildId: context.guildId }),
        }),
        (listing) =>
          note('✅ Listed. It is posted in the marketplace channels; offers come to you by DM.', {
            embeds: [listingEmbed(listing)],
            rows: listingButtons(listing),
          }),
      ),
    );
  },
};

import { parseUsd } from '@bloxtr8/discord-kit';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandModule } from '../handler-modules.ts';
import { choicesNow, deferReply } from '../interaction-context.ts';
import { listingSearchPage } from '../listing-search-page.ts';

const dollars = (value: unknown) =>
  value === undefined ? undefined : parseUsd(String(value))?.toString();

/** `/listing view`: search by category (autocompleted), price range and visibility, page by page. */
export const listingViewCommand: CommandModule = {
  name: 'listing',
  description: 'List a game for sale, or browse listings',
  subcommand: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'view',
    description: 'Browse the games for sale',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'category',
        description: 'e.g. tycoon',
        autocomplete: true,
        max_length: 40,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'min_price',
        description: 'Lowest price in USD',
        min_value: 0,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'max_price',
        description: 'Highest price in USD',
        min_value: 0,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'visibility',
        description: 'All servers, or this server only',
        choices: [
          { name: 'PUBLIC', value: 'PUBLIC' },
          { name: 'PRIVATE', value: 'PRIVATE' },
        ],
      },
    ],
  },
  run: (context, options) =>
    deferReply(() =>
      listingSearchPage(context, {
        category: options.get('category') as string | undefined,
        minPriceMinor: dollars(options.get('min_price')),
        maxPriceMinor: dollars(options.get('max_price')),
        visibility: options.get('visibility') as string | undefined,
        ...(context.guildId === null ? {} : { guildId: context.guildId }),
      }),
    ),
  /** Categories of the newest listings that start with what is typed. */
  autocomplete: async (context, focused) => {
    const page = await context.api.searchListings({ limit: 100 });
    const typed = focused.value.toLowerCase();
    const categories = new Set(
      (page.ok ? page.value.items : [])
        .map((listing) => listing.category)
        .filter((category) => category.toLowerCase().startsWith(typed)),
    );
    return choicesNow([...categories].map((category) => ({ name: category, value: category })));
  },
};

import type { MessageBody } from '@bloxtr8/discord-kit';
import { button, encodeCustomId, formatUsd, listingEmbed, row, select } from '@bloxtr8/discord-kit';
import type { ListingSearch } from './gateway-client.ts';
import type { InteractionContext } from './interaction-context.ts';
import { note, whenOk } from './replies.ts';

/** Listings shown per page: one embed and one choice in the offer menu each (Discord allows 10). */
export const PAGE_SIZE = 5;

/**
 * The search goes with the page, in the message's first line (`q: …`): the next-page button's
 * custom_id carries only the cursor, and reads the filters back from the message it sits on, so
 * turning a page needs no memory in the bot.
 */
export function searchLine(search: ListingSearch): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) {
    if (value !== undefined && name !== 'cursor' && name !== 'limit')
      query.set(name, String(value));
  }
  return `q: ${query.toString() || 'all'}`;
}

export function searchOfLine(content: string): ListingSearch {
  const line = /^q: (\S*)/.exec(content)?.[1] ?? '';
  if (line === 'all') return {};
  const query = new URLSearchParams(line);
  const pick = (name: keyof ListingSearch) => query.get(name) ?? undefined;
  return Object.fromEntries(
    (['category', 'minPriceMinor', 'maxPriceMinor', 'visibility', 'guildId'] as const)
      .map((name) => [name, pick(name)])
      .filter(([, value]) => value !== undefined),
  ) as ListingSearch;
}

/** One page of a listing search as a message: embeds, offer buttons, and "Next page". */
export function listingSearchPage(
  context: InteractionContext,
  search: ListingSearch,
): Promise<MessageBody> {
  return whenOk(context.api.searchListings({ ...search, limit: PAGE_SIZE }), (page) => {
    if (page.items.length === 0) return note(`${searchLine(search)}\nNo listings match.`);
    const offers = select(
      encodeCustomId('offer:pick', {}),
      'Make an offer on…',
      page.items.map((listing, index) => ({
        label: `#${index + 1} ${listing.title}`,
        value: listing.id,
        description: formatUsd(listing.priceMinor),
      })),
    );
    const next =
      page.nextCursor === null
        ? []
        : [row(button(encodeCustomId('listing:page', { cursor: page.nextCursor }), 'Next page ▶'))];
    const summary = page.items
      .map((listing, index) => `#${index + 1} ${listing.title} — ${formatUsd(listing.priceMinor)}`)
      .join('\n');
    return note(`${searchLine(search)}\n${summary}`, {
      embeds: page.items.map((listing) => listingEmbed(listing)),
      rows: [offers, ...next],
    });
  });
}

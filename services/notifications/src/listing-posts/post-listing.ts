import type { ListingChanged, ListingCreated } from '@bloxtr8/contracts';
import { listingButtons, listingEmbed, message, priceRangeOf } from '@bloxtr8/discord-kit';
import { findUserById } from '@bloxtr8/identity';
import type { Listing } from '@bloxtr8/marketplace';
import type { NotificationsRuntime } from '../notices/notifications-runtime.ts';
import { claimDelivery, releaseDelivery, settleDelivery } from '../store/deliveries.ts';
import type { GuildMarketplace } from '../store/guild-marketplaces.ts';
import { findGuildMarketplace, listGuildMarketplaces } from '../store/guild-marketplaces.ts';
import { listListingPosts, recordListingPost } from '../store/listing-posts.ts';
import { listingJsonOf } from './listing-json.ts';

/**
 * A new listing is posted in its price range's channel of every set-up server (PUBLIC) or of its
 * own server only (PRIVATE), with a thread started from the post. Once per server and event.
 */
export async function postListing(
  runtime: NotificationsRuntime,
  eventId: string,
  created: ListingCreated,
): Promise<void> {
  const listing = await runtime.lookups.listing(created.listingId);
  if (listing === undefined || listing.status !== 'ACTIVE') return;
  const body = await listingMessage(runtime, listing);
  for (const guild of await guildsFor(runtime, listing)) {
    await once(runtime, eventId, `guild:${guild.guildId}`, 'listing.posted', async () => {
      const channelId = guild.channels[priceRangeOf(listing.priceMinor)];
      const posted = await runtime.messenger.post(channelId, body);
      const { threadId } = await runtime.messenger.startThread(
        channelId,
        posted.messageId,
        listing.title,
      );
      await recordListingPost(runtime.db, {
        listingId: listing.id,
        guildId: guild.guildId,
        channelId,
        messageId: posted.messageId,
        threadId,
      });
      return posted.messageId;
    });
  }
}

/** A listing sold or taken off sale: each of its posts shows it, without the offer button. */
export async function updateListingPosts(
  runtime: NotificationsRuntime,
  eventId: string,
  changed: ListingChanged,
): Promise<void> {
  const listing = await runtime.lookups.listing(changed.listingId);
  if (listing === undefined) return;
  const body = await listingMessage(runtime, listing);
  for (const post of await listListingPosts(runtime.db, listing.id)) {
    await once(runtime, eventId, `guild:${post.guildId}`, 'listing.updated', async () => {
      await runtime.messenger.edit(post.channelId, post.messageId, body);
      return post.messageId;
    });
  }
}

async function listingMessage(runtime: NotificationsRuntime, listing: Listing) {
  const seller = await findUserById(runtime.db, listing.sellerId);
  const json = listingJsonOf(listing);
  return message('', {
    embeds: [listingEmbed(json, seller?.tier === 'TIER_2')],
    rows: listingButtons(json),
  });
}

async function guildsFor(
  runtime: NotificationsRuntime,
  listing: Listing,
): Promise<GuildMarketplace[]> {
  if (listing.visibility === 'PUBLIC') return listGuildMarketplaces(runtime.db);
  const own =
    listing.guildId === null ? undefined : await findGuildMarketplace(runtime.db, listing.guildId);
  return own === undefined ? [] : [own];
}

/** Runs `send` once per (event, recipient), as the notices are delivered. */
async function once(
  runtime: NotificationsRuntime,
  eventId: string,
  recipient: string,
  kind: string,
  send: () => Promise<string>,
): Promise<void> {
  const key = { eventId, recipient };
  if (!(await claimDelivery(runtime.db, { ...key, kind }, runtime.clock.now()))) return;
  try {
    const messageId = await send();
    await settleDelivery(runtime.db, key, { channel: 'CHANNEL', messageId }, runtime.clock.now());
  } catch (error) {
    await releaseDelivery(runtime.db, key);
    throw error;
  }
}

import type { ListingJson } from '@bloxtr8/discord-kit';
import type { Listing } from '@bloxtr8/marketplace';

/** A listing as the cards read it (the API's JSON shape), from the marketplace's own. */
export function listingJsonOf(listing: Listing): ListingJson {
  return {
    id: listing.id,
    sellerId: listing.sellerId,
    universeId: listing.universeId,
    title: listing.title,
    summary: listing.summary,
    priceMinor: listing.priceMinor.toString(),
    category: listing.category,
    visibility: listing.visibility,
    guildId: listing.guildId,
    status: listing.status,
    snapshot: {
      name: listing.snapshot.name,
      thumbnailUrl: listing.snapshot.thumbnailUrl,
      visits: listing.snapshot.visits,
      playing: listing.snapshot.playing,
    },
  };
}

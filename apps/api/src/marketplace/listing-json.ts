import type { Listing, Offer } from '@bloxtr8/marketplace';
import {
  LISTING_PRICE_MINOR_MAX,
  LISTING_STATUSES,
  LISTING_VISIBILITIES,
  OFFER_STATUSES,
} from '@bloxtr8/marketplace';
import { z } from 'zod';
import { jsonSafe } from '../json-safe.ts';
import { ZGameSnapshot } from './game-snapshot-json.ts';

/** Discord ids (guilds, channels, threads) are snowflakes: decimal, 5 to 25 digits. */
export const ZSnowflake = z.string().regex(/^[0-9]{5,25}$/);

/** Money as clients send it: integer cents. */
export const ZAmountMinor = z.number().int().positive().max(Number(LISTING_PRICE_MINOR_MAX));

export const ZListingResponse = z.object({
  id: z.string(),
  sellerId: z.string(),
  universeId: z.string(),
  snapshotId: z.string(),
  title: z.string(),
  summary: z.string(),
  priceMinor: z.string().describe('Integer cents, as a decimal string'),
  currency: z.literal('USD'),
  category: z.string(),
  visibility: z.enum(LISTING_VISIBILITIES),
  guildId: z.string().nullable(),
  channelId: z.string().nullable(),
  threadId: z.string().nullable(),
  status: z.enum(LISTING_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  snapshot: ZGameSnapshot,
});

export const ZOfferResponse = z.object({
  id: z.string(),
  listingId: z.string(),
  buyerId: z.string(),
  sellerId: z.string(),
  amountMinor: z.string().describe('Integer cents, as a decimal string'),
  currency: z.literal('USD'),
  status: z.enum(OFFER_STATUSES),
  parentOfferId: z.string().nullable(),
  proposedBy: z.string(),
  message: z.string().nullable(),
  expiresAt: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});

/** A keyset page of `item`s, newest first. */
export function zPage<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const listingJson = (listing: Listing) => jsonSafe(listing);
export const offerJson = (offer: Offer) => jsonSafe(offer);

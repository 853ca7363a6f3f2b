import type { Queryable } from '@bloxtr8/db';
import type { ListingStatus } from '../listings/listing.ts';
import type { OfferedListing } from './offer-rules.ts';

/**
 * The listing an offer is for, locked: `update` while offers are made (one open negotiation per
 * buyer is checked under it) and while one is accepted (one standing deal per listing), `share`
 * while one is declined or countered (a deactivation waits for the answer, and the answer sees
 * the listing's latest status).
 */
export async function lockOfferedListing(
  tx: Queryable,
  listingId: string,
  mode: 'update' | 'share',
): Promise<OfferedListing | undefined> {
  const { rows } = await tx.query<{
    seller_id: string;
    price_minor: bigint;
    status: ListingStatus;
  }>(`select seller_id, price_minor, status from marketplace.listings where id = $1 for ${mode}`, [
    listingId,
  ]);
  const row = rows[0];
  return row === undefined
    ? undefined
    : { sellerId: row.seller_id, priceMinor: BigInt(row.price_minor), status: row.status };
}

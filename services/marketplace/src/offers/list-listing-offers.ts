import type { Queryable } from '@bloxtr8/db';
import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { ListingViewer } from '../listings/listing.ts';
import type { KeysetPage } from '../listings/page-cursor.ts';
import { afterPositionSql, keysetPageOf, limitOf, positionOf } from '../listings/page-cursor.ts';
import type { Offer } from './offer.ts';
import { selectOffers } from './offer.ts';

export interface ListListingOffersOptions {
  readonly listingId: string;
  readonly viewer: Pick<ListingViewer, 'userId' | 'staff'>;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/**
 * Every offer made on a listing, counter-offers included, newest first, for its seller and staff.
 * NOT_SELLER: anybody else (buyers read their own offers one by one).
 */
export async function listListingOffers(
  db: Queryable,
  options: ListListingOffersOptions,
): Promise<Result<KeysetPage<Offer>, 'LISTING_NOT_FOUND' | 'NOT_SELLER' | 'INVALID_CURSOR'>> {
  const position = positionOf(options.cursor);
  if (!position.ok) return position;
  const { rows } = await db.query<{ seller_id: string }>(
    'select seller_id from marketplace.listings where id = $1',
    [options.listingId],
  );
  if (rows[0] === undefined) return err('LISTING_NOT_FOUND');
  if (rows[0].seller_id !== options.viewer.userId && !options.viewer.staff) {
    return err('NOT_SELLER');
  }
  const limit = limitOf(options.limit);
  const fetched = await selectOffers(
    db,
    `where listing_id = $1 and ${afterPositionSql('created_at', 'id', 2)}
     order by created_at desc, id desc limit $4`,
    [options.listingId, position.value?.createdAt ?? null, position.value?.id ?? null, limit + 1],
  );
  return ok(keysetPageOf(fetched, limit));
}

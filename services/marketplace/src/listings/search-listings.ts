import type { Queryable } from '@bloxtr8/db';
import type { Result } from '@bloxtr8/platform';
import { ok } from '@bloxtr8/platform';
import type { Listing, ListingStatus, ListingVisibility } from './listing.ts';
import { selectListings } from './listing.ts';
import type { KeysetPage } from './page-cursor.ts';
import { afterPositionSql, keysetPageOf, limitOf, positionOf } from './page-cursor.ts';

export interface ListingSearch {
  /** ACTIVE when absent: what is for sale. */
  readonly status?: ListingStatus | undefined;
  readonly category?: string | undefined;
  readonly minPriceMinor?: bigint | undefined;
  readonly maxPriceMinor?: bigint | undefined;
  readonly sellerId?: string | undefined;
  readonly visibility?: ListingVisibility | undefined;
  /**
   * The Discord server the search is made from. The guild rule: PRIVATE listings are found only
   * from their own server; without a server, only PUBLIC ones.
   */
  readonly guildId?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/** Listings matching every filter given, newest first, one keyset page at a time. */
export async function searchListings(
  db: Queryable,
  search: ListingSearch,
): Promise<Result<KeysetPage<Listing>, 'INVALID_CURSOR'>> {
  const position = positionOf(search.cursor);
  if (!position.ok) return position;
  const limit = limitOf(search.limit);
  const fetched = await selectListings(
    db,
    `where l.status = $1
       and ($2::text is null or l.category = $2)
       and ($3::bigint is null or l.price_minor >= $3)
       and ($4::bigint is null or l.price_minor <= $4)
       and ($5::uuid is null or l.seller_id = $5)
       and ($6::text is null or l.visibility = $6)
       and (l.visibility = 'PUBLIC' or l.guild_id = $7::text)
       and ${afterPositionSql('l.created_at', 'l.id', 8)}
     order by l.created_at desc, l.id desc limit $10`,
    [
      search.status ?? 'ACTIVE',
      search.category ?? null,
      search.minPriceMinor ?? null,
      search.maxPriceMinor ?? null,
      search.sellerId ?? null,
      search.visibility ?? null,
      search.guildId ?? null,
      position.value?.createdAt ?? null,
      position.value?.id ?? null,
      limit + 1,
    ],
  );
  return ok(keysetPageOf(fetched, limit));
}

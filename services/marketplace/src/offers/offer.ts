import type { Queryable } from '@bloxtr8/db';

export const OFFER_STATUSES = ['PENDING', 'ACCEPTED', 'COUNTERED', 'DECLINED', 'EXPIRED'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** SPEC §3.4: an offer stands 72 hours unless the caller configures otherwise. */
export const OFFER_EXPIRY_MS_DEFAULT = 72 * 3_600_000;

/** A price proposed for a listing: by the buyer, or by either party as a counter-offer. */
export interface Offer {
  readonly id: string;
  readonly listingId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly amountMinor: bigint;
  readonly currency: 'USD';
  readonly status: OfferStatus;
  /** The offer this one counters; null for a buyer's first offer. */
  readonly parentOfferId: string | null;
  readonly proposedBy: string;
  readonly message: string | null;
  readonly expiresAt: Date;
  readonly createdAt: Date;
  readonly decidedAt: Date | null;
}

interface OfferRow {
  id: string;
  listing_id: string;
  buyer_id: string;
  seller_id: string;
  amount_minor: bigint;
  status: OfferStatus;
  parent_offer_id: string | null;
  proposed_by: string;
  message: string | null;
  expires_at: Date;
  created_at: Date;
  decided_at: Date | null;
}

const OFFER_COLUMNS = `id, listing_id, buyer_id, seller_id, amount_minor, status, parent_offer_id,
  proposed_by, message, expires_at, created_at, decided_at`;

function offerOf(row: OfferRow): Offer {
  return {
    id: row.id,
    listingId: row.listing_id,
    buyerId: row.buyer_id,
    sellerId: row.seller_id,
    amountMinor: BigInt(row.amount_minor),
    currency: 'USD',
    status: row.status,
    parentOfferId: row.parent_offer_id,
    proposedBy: row.proposed_by,
    message: row.message,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}

/** Offers matching `where` (with its parameters), e.g. `where id = $1 for update`. */
export async function selectOffers(
  db: Queryable,
  where: string,
  params: Parameters<Queryable['query']>[1],
): Promise<Offer[]> {
  const { rows } = await db.query<OfferRow>(
    `select ${OFFER_COLUMNS} from marketplace.offers ${where}`,
    params,
  );
  return rows.map(offerOf);
}

export async function findOffer(db: Queryable, offerId: string): Promise<Offer | undefined> {
  const [offer] = await selectOffers(db, 'where id = $1', [offerId]);
  return offer;
}

export async function insertOffer(tx: Queryable, offer: Offer): Promise<void> {
  await tx.query(
    `insert into marketplace.offers (id, listing_id, buyer_id, seller_id, amount_minor, status,
       parent_offer_id, proposed_by, message, expires_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      offer.id,
      offer.listingId,
      offer.buyerId,
      offer.sellerId,
      offer.amountMinor,
      offer.status,
      offer.parentOfferId,
      offer.proposedBy,
      offer.message,
      offer.expiresAt,
      offer.createdAt,
    ],
  );
}

/** Buyer and seller; staff read offers but take no part in them. */
export function isOfferParty(offer: Offer, userId: string): boolean {
  return offer.buyerId === userId || offer.sellerId === userId;
}

/** Who answers an offer: the party that did not propose it. */
export function answererOf(offer: Offer): string {
  return offer.proposedBy === offer.buyerId ? offer.sellerId : offer.buyerId;
}

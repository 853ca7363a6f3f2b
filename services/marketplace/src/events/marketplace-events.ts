import { appendToOutbox } from '@bloxtr8/bus';
import type { MarketplaceEventEnvelope } from '@bloxtr8/contracts';
import {
  createMeta,
  MarketplaceEventEnvelopeSchema,
  OfferAnswer,
  TOPICS,
  ListingStatus as WireListingStatus,
  ListingVisibility as WireVisibility,
} from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { newId, newTraceId } from '@bloxtr8/platform';
import { create } from '@bufbuild/protobuf';
import { MARKETPLACE_SCHEMA } from '../contracts/contract-events.ts';
import type { Listing, ListingStatus } from '../listings/listing.ts';
import type { Offer } from '../offers/offer.ts';

/**
 * marketplace.events.v1: listings, offers and contracts before an escrow, queued in the caller's
 * transaction so that a change and its event commit together. Ids only; readers that show more
 * (the notifications) ask the marketplace's public functions.
 */
type MarketplaceEvent = NonNullable<MarketplaceEventEnvelope['event']>;
type Body<Case extends MarketplaceEvent['case']> = Omit<
  Extract<MarketplaceEvent, { case: Case }>['value'],
  'meta' | '$typeName' | '$unknown'
>;

async function append<Case extends MarketplaceEvent['case']>(
  tx: Queryable,
  kind: Case,
  at: Date,
  body: Body<Case> & { readonly listingId: string },
): Promise<void> {
  const meta = createMeta({
    eventId: newId(),
    occurredAt: at,
    traceId: newTraceId(),
    correlationId: body.listingId,
  });
  const event = { case: kind, value: { meta, ...body } } as unknown as MarketplaceEvent;
  await appendToOutbox(
    tx,
    MARKETPLACE_SCHEMA,
    TOPICS.marketplaceEvents,
    create(MarketplaceEventEnvelopeSchema, { event }),
  );
}

const STATUSES: Readonly<Record<ListingStatus, WireListingStatus>> = {
  ACTIVE: WireListingStatus.ACTIVE,
  INACTIVE: WireListingStatus.INACTIVE,
  SOLD: WireListingStatus.SOLD,
};

export function appendListingCreated(tx: Queryable, listing: Listing, at: Date): Promise<void> {
  return append(tx, 'listingCreated', at, {
    listingId: listing.id,
    sellerId: listing.sellerId,
    priceMinor: listing.priceMinor,
    visibility: listing.visibility === 'PUBLIC' ? WireVisibility.PUBLIC : WireVisibility.PRIVATE,
    guildId: listing.guildId ?? '',
  });
}

export function appendListingChanged(
  tx: Queryable,
  listingId: string,
  status: ListingStatus,
  at: Date,
): Promise<void> {
  return append(tx, 'listingChanged', at, { listingId, status: STATUSES[status] });
}

export function appendOfferMade(tx: Queryable, offer: Offer, at: Date): Promise<void> {
  return append(tx, 'offerMade', at, {
    listingId: offer.listingId,
    offerId: offer.id,
    buyerId: offer.buyerId,
    sellerId: offer.sellerId,
    proposedBy: offer.proposedBy,
    amountMinor: offer.amountMinor,
    parentOfferId: offer.parentOfferId ?? '',
    expiresAt: offer.expiresAt.toISOString(),
  });
}

const ANSWERS = {
  ACCEPTED: OfferAnswer.ACCEPTED,
  DECLINED: OfferAnswer.DECLINED,
  COUNTERED: OfferAnswer.COUNTERED,
  EXPIRED: OfferAnswer.EXPIRED,
} as const;

export function appendOfferAnswered(
  tx: Queryable,
  offer: Pick<Offer, 'id' | 'listingId'>,
  answer: keyof typeof ANSWERS,
  at: Date,
  by: { readonly answeredBy?: string; readonly counterOfferId?: string } = {},
): Promise<void> {
  return append(tx, 'offerAnswered', at, {
    listingId: offer.listingId,
    offerId: offer.id,
    answer: ANSWERS[answer],
    answeredBy: by.answeredBy ?? '',
    counterOfferId: by.counterOfferId ?? '',
  });
}

export function appendContractCreated(
  tx: Queryable,
  contract: {
    readonly id: string;
    readonly offerId: string;
    readonly listingId: string;
    readonly buyerId: string;
    readonly sellerId: string;
    readonly expiresAt: Date;
  },
  at: Date,
): Promise<void> {
  return append(tx, 'contractCreated', at, {
    listingId: contract.listingId,
    contractId: contract.id,
    offerId: contract.offerId,
    buyerId: contract.buyerId,
    sellerId: contract.sellerId,
    expiresAt: contract.expiresAt.toISOString(),
  });
}

export function appendContractSigned(
  tx: Queryable,
  contract: { readonly id: string; readonly listingId: string },
  signerId: string,
  executed: boolean,
  at: Date,
): Promise<void> {
  return append(tx, 'contractSigned', at, {
    listingId: contract.listingId,
    contractId: contract.id,
    signerId,
    executed,
  });
}

import type { Database, Queryable } from '@bloxtr8/db';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import { appendOfferAnswered } from '../events/marketplace-events.ts';
import { findListing } from '../listings/listing.ts';
import type { MarketplaceActor } from '../listings/marketplace-actor.ts';
import { auditActor } from '../listings/marketplace-actor.ts';
import type { RecheckFailure } from '../verification/recheck-seller-control.ts';
import { recheckSellerControl } from '../verification/recheck-seller-control.ts';
import type { RobloxReader } from '../verification/verify-game-ownership.ts';
import type { Offer } from './offer.ts';
import { findOffer, selectOffers } from './offer.ts';
import type { AnswerRefusal } from './offer-rules.ts';
import { judgeAnswer } from './offer-rules.ts';
import { lockOfferedListing } from './offered-listing.ts';

/** Called inside the accepting transaction, after the offer became ACCEPTED (contract generation). */
export type OnOfferAccepted = (tx: Queryable, offerId: string) => Promise<void>;

export interface AnswerOfferOptions {
  readonly offerId: string;
  /** The party that did not propose the offer. */
  readonly actor: MarketplaceActor;
}

/** An answer, and whether it had been given already (a retry changes nothing). */
export interface AnsweredOffer {
  readonly offer: Offer;
  readonly replayed: boolean;
}

/**
 * An answer refused (AnswerRefusal); LISTING_NOT_ACTIVE: the listing is no longer for sale;
 * LISTING_UNDER_CONTRACT: another offer on it was accepted and its deal stands (its contract is
 * not void, and the escrow it opened was not cancelled or refunded); or the seller's control of
 * the game, re-checked with Roblox, did not hold (RecheckFailure).
 */
export type AcceptOfferFailure =
  | AnswerRefusal
  | 'LISTING_NOT_ACTIVE'
  | 'LISTING_UNDER_CONTRACT'
  | RecheckFailure;

/**
 * PENDING → ACCEPTED, exactly once: the offer row is locked, so of two accepts at the same instant
 * one changes it (and calls `onAccepted` in its transaction) and the other answers the same
 * result as a replay. Other offers on the listing stay as they are, but none of them can be
 * accepted while this one's contract stands: the listing row is locked exclusively for the check,
 * so two accepts of different offers cannot both pass it (a game is sold once). Before that, the
 * seller's control of the game is re-checked with Roblox (ADR 0015), outside the transaction.
 */
export async function acceptOffer(
  db: Database,
  clock: Clock,
  options: AnswerOfferOptions & {
    readonly onAccepted?: OnOfferAccepted | undefined;
    readonly roblox: RobloxReader;
  },
): Promise<Result<AnsweredOffer, AcceptOfferFailure>> {
  const rechecked = await recheckBeforeAcceptance(db, clock, options);
  if (!rechecked.ok) return rechecked;
  return answerOffer(db, clock, options, 'ACCEPTED', async (tx, offer, now) => {
    const listing = await lockOfferedListing(tx, offer.listingId, 'update');
    if (listing?.status !== 'ACTIVE') return err('LISTING_NOT_ACTIVE');
    if (await hasStandingDeal(tx, offer)) return err('LISTING_UNDER_CONTRACT');
    const accepted = await decide(tx, offer, 'ACCEPTED', now);
    await appendOfferAnswered(tx, offer, 'ACCEPTED', now, { answeredBy: options.actor.userId });
    await auditActor(tx, options.actor, answerAudit('accept', offer));
    await options.onAccepted?.(tx, offer.id);
    return ok({ offer: accepted, replayed: false });
  });
}

/**
 * Re-checks the seller's control when this acceptance would take effect; a refusal or a retry
 * the transaction will answer anyway costs Roblox nothing.
 */
async function recheckBeforeAcceptance(
  db: Database,
  clock: Clock,
  options: AnswerOfferOptions & { readonly roblox: RobloxReader },
): Promise<Result<void, RecheckFailure>> {
  const offer = await findOffer(db, options.offerId);
  if (offer === undefined) return ok(undefined);
  if (judgeAnswer(offer, options.actor.userId, 'ACCEPTED', clock.now()) !== 'apply') {
    return ok(undefined);
  }
  const listing = await findListing(db, offer.listingId);
  if (listing?.status !== 'ACTIVE') return ok(undefined);
  return recheckSellerControl(db, options.roblox, clock, {
    listing,
    moment: 'OFFER_ACCEPTANCE',
    context: options.actor.context,
  });
}

/** PENDING → DECLINED by the party that did not propose it; a retry answers the same. */
export async function declineOffer(
  db: Database,
  clock: Clock,
  options: AnswerOfferOptions,
): Promise<Result<AnsweredOffer, AnswerRefusal>> {
  return answerOffer(db, clock, options, 'DECLINED', async (tx, offer, now) => {
    const declined = await decide(tx, offer, 'DECLINED', now);
    await appendOfferAnswered(tx, offer, 'DECLINED', now, { answeredBy: options.actor.userId });
    await auditActor(tx, options.actor, answerAudit('decline', offer));
    return ok({ offer: declined, replayed: false });
  });
}

/**
 * The frame of an answer, in one transaction: lock the offer, judge the answer, answer a retry
 * with the offer as it is, else `apply` the answer to the PENDING offer.
 */
async function answerOffer<Failure>(
  db: Database,
  clock: Clock,
  options: AnswerOfferOptions,
  to: 'ACCEPTED' | 'DECLINED',
  apply: (tx: Queryable, offer: Offer, now: Date) => Promise<Result<AnsweredOffer, Failure>>,
): Promise<Result<AnsweredOffer, Failure | AnswerRefusal>> {
  return db.transaction(async (tx) => {
    const now = clock.now();
    const offer = await lockOffer(tx, options.offerId);
    if (offer === undefined) return err('OFFER_NOT_FOUND');
    const verdict = judgeAnswer(offer, options.actor.userId, to, now);
    if (verdict === 'replay') return ok({ offer, replayed: true });
    if (verdict !== 'apply') return err(verdict);
    return apply(tx, offer, now);
  });
}

/**
 * Another accepted offer on the listing whose deal stands: its contract (or none yet) was neither
 * voided nor ended by a cancelled or refunded escrow (see endDeal).
 */
async function hasStandingDeal(tx: Queryable, offer: Offer): Promise<boolean> {
  const { rows } = await tx.query(
    `select 1 from marketplace.offers o
       left join marketplace.contracts c on c.offer_id = o.id
     where o.listing_id = $1 and o.status = 'ACCEPTED' and o.id <> $2
       and (c.id is null or (c.status <> 'VOID' and c.deal_ended_at is null))
     limit 1`,
    [offer.listingId, offer.id],
  );
  return rows.length > 0;
}

export async function lockOffer(tx: Queryable, offerId: string): Promise<Offer | undefined> {
  const [offer] = await selectOffers(tx, 'where id = $1 for update', [offerId]);
  return offer;
}

/** Moves a locked PENDING offer to its decision. */
export async function decide(
  tx: Queryable,
  offer: Offer,
  status: 'ACCEPTED' | 'DECLINED' | 'COUNTERED',
  now: Date,
): Promise<Offer> {
  const { rowCount } = await tx.query(
    `update marketplace.offers set status = $2, decided_at = $3 where id = $1 and status = 'PENDING'`,
    [offer.id, status, now],
  );
  if (rowCount !== 1) throw new Error(`offer ${offer.id} was not PENDING under its lock`);
  return { ...offer, status, decidedAt: now };
}

export function answerAudit(verb: 'accept' | 'decline' | 'counter', offer: Offer) {
  return {
    action: `marketplace.offer.${verb}`,
    subjectType: 'offer',
    subjectId: offer.id,
    detail: { listingId: offer.listingId, amountMinor: offer.amountMinor.toString() },
  };
}

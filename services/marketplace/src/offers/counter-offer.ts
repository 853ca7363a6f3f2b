import type { Database } from '@bloxtr8/db';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, newId, ok } from '@bloxtr8/platform';
import { appendOfferAnswered, appendOfferMade } from '../events/marketplace-events.ts';
import { auditActor } from '../listings/marketplace-actor.ts';
import type { AnsweredOffer, AnswerOfferOptions } from './answer-offer.ts';
import { answerAudit, decide, lockOffer } from './answer-offer.ts';
import type { Offer } from './offer.ts';
import { insertOffer, OFFER_EXPIRY_MS_DEFAULT, selectOffers } from './offer.ts';
import type { AnswerRefusal } from './offer-rules.ts';
import { judgeAnswer } from './offer-rules.ts';
import { lockOfferedListing } from './offered-listing.ts';

export interface CounterOfferOptions extends AnswerOfferOptions {
  readonly amountMinor: bigint;
  readonly message: string | null;
  /** How long the counter-offer stands; 72 hours by default. */
  readonly expiryMs?: number;
}

export type CounterOfferFailure = AnswerRefusal | 'LISTING_NOT_ACTIVE' | 'OFFER_ABOVE_PRICE';

/**
 * The other party answers with their own price: the offer becomes COUNTERED and a new PENDING
 * offer (its child, proposed by the counterer) is made, in one transaction. An offer is countered
 * once; a retry with the same amount answers the counter-offer already made. `offer` in the
 * answer is the counter-offer.
 */
export async function counterOffer(
  db: Database,
  clock: Clock,
  options: CounterOfferOptions,
): Promise<Result<AnsweredOffer, CounterOfferFailure>> {
  const { actor, amountMinor } = options;
  if (amountMinor <= 0n) throw new Error('amountMinor must be positive: the gateway validates it');
  return db.transaction(async (tx) => {
    const now = clock.now();
    const parent = await lockOffer(tx, options.offerId);
    if (parent === undefined) return err('OFFER_NOT_FOUND');
    const verdict = judgeAnswer(parent, actor.userId, 'COUNTERED', now);
    if (verdict === 'replay') {
      const [counter] = await selectOffers(tx, 'where parent_offer_id = $1', [parent.id]);
      if (counter === undefined)
        throw new Error(`offer ${parent.id} is COUNTERED without a counter`);
      return counter.amountMinor === amountMinor
        ? ok({ offer: counter, replayed: true })
        : err('OFFER_NOT_PENDING');
    }
    if (verdict !== 'apply') return err(verdict);
    const listing = await lockOfferedListing(tx, parent.listingId, 'share');
    if (listing?.status !== 'ACTIVE') return err('LISTING_NOT_ACTIVE');
    if (amountMinor > listing.priceMinor) return err('OFFER_ABOVE_PRICE');
    await decide(tx, parent, 'COUNTERED', now);
    const counter: Offer = {
      ...parent,
      id: newId(),
      amountMinor,
      status: 'PENDING',
      parentOfferId: parent.id,
      proposedBy: actor.userId,
      message: options.message,
      expiresAt: new Date(now.getTime() + (options.expiryMs ?? OFFER_EXPIRY_MS_DEFAULT)),
      createdAt: now,
      decidedAt: null,
    };
    await insertOffer(tx, counter);
    await appendOfferAnswered(tx, parent, 'COUNTERED', now, {
      answeredBy: actor.userId,
      counterOfferId: counter.id,
    });
    await appendOfferMade(tx, counter, now);
    const audit = answerAudit('counter', parent);
    await auditActor(tx, actor, {
      ...audit,
      detail: {
        ...audit.detail,
        counterOfferId: counter.id,
        counterAmountMinor: amountMinor.toString(),
      },
    });
    return ok({ offer: counter, replayed: false });
  });
}

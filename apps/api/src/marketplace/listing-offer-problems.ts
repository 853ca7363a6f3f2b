import type {
  AcceptOfferFailure,
  ChangeListingFailure,
  CounterOfferFailure,
  CreateListingFailure,
  CreateOfferFailure,
  RecheckFailure,
} from '@bloxtr8/marketplace';
import { isRecheckFailure } from '@bloxtr8/marketplace';
import type { Problem } from '../problem.ts';
import { MARKETPLACE_PROBLEMS, recheckProblem, verifyGameProblem } from './marketplace-problems.ts';

/** Every expected outcome of the listing and offer use cases that is not a success. */
export type ListingOfferFailure =
  | Exclude<CreateListingFailure, Parameters<typeof verifyGameProblem>[0]>
  | ChangeListingFailure
  | 'LISTING_SOLD'
  | CreateOfferFailure
  | Exclude<AcceptOfferFailure, RecheckFailure>
  | CounterOfferFailure
  | 'INVALID_CURSOR'
  | 'DRAFT_TOO_LARGE'
  | 'DRAFT_NOT_FOUND';

/** The gateway's one table from listing and offer outcomes to problems. */
const LISTING_OFFER_PROBLEMS: Readonly<Record<ListingOfferFailure, Problem>> = {
  GUILD_REQUIRED: {
    status: 422,
    code: 'GUILD_REQUIRED',
    title: 'A PRIVATE listing needs the Discord server it is private to',
    detail: 'give guildId, or make the listing PUBLIC',
  },
  LISTING_EXISTS: {
    status: 409,
    code: 'LISTING_EXISTS',
    title: 'This game is listed already',
    detail: 'a game has one ACTIVE listing at a time; deactivate the other one first',
  },
  GAME_NOT_OWNED: MARKETPLACE_PROBLEMS.gameNotOwned,
  LISTING_NOT_FOUND: { status: 404, code: 'LISTING_NOT_FOUND', title: 'No such listing' },
  NOT_SELLER: {
    status: 403,
    code: 'NOT_SELLER',
    title: 'Only the seller may do this',
  },
  LISTING_SOLD: {
    status: 409,
    code: 'LISTING_SOLD',
    title: 'This listing is sold',
    detail: 'a sold listing stays sold',
  },
  LISTING_NOT_ACTIVE: {
    status: 409,
    code: 'LISTING_NOT_ACTIVE',
    title: 'This listing is not for sale',
    detail: 'the seller took it off sale, or it was sold',
  },
  LISTING_UNDER_CONTRACT: {
    status: 409,
    code: 'LISTING_UNDER_CONTRACT',
    title: 'Another offer on this listing was accepted',
    detail:
      'its deal stands; a new offer can be accepted once that contract is voided or its escrow is cancelled or refunded',
  },
  SELF_OFFER: {
    status: 403,
    code: 'SELF_OFFER',
    title: 'You cannot make an offer on your own listing',
  },
  OFFER_ABOVE_PRICE: {
    status: 422,
    code: 'OFFER_ABOVE_PRICE',
    title: 'An offer cannot be above the asking price',
    detail: 'offer the asking price or less',
  },
  OFFER_ALREADY_PENDING: {
    status: 409,
    code: 'OFFER_ALREADY_PENDING',
    title: 'You have an open offer on this listing',
    detail: 'answer the counter-offer, or wait until your offer is answered or expires',
  },
  OFFER_NOT_FOUND: { status: 404, code: 'OFFER_NOT_FOUND', title: 'No such offer' },
  OWN_OFFER: {
    status: 403,
    code: 'OWN_OFFER',
    title: 'You cannot answer your own offer',
    detail: 'the other party accepts, declines or counters it',
  },
  OFFER_NOT_PENDING: {
    status: 409,
    code: 'OFFER_NOT_PENDING',
    title: 'This offer was answered already',
  },
  OFFER_EXPIRED: { status: 409, code: 'OFFER_EXPIRED', title: 'This offer has expired' },
  INVALID_CURSOR: {
    status: 400,
    code: 'INVALID_CURSOR',
    title: 'The cursor is not valid',
    detail: 'the cursor is not one this API returned',
  },
  DRAFT_TOO_LARGE: {
    status: 413,
    code: 'DRAFT_TOO_LARGE',
    title: 'The draft is too large',
    detail: 'a draft holds at most 4 KB of JSON',
  },
  DRAFT_NOT_FOUND: {
    status: 404,
    code: 'DRAFT_NOT_FOUND',
    title: 'No draft',
    detail: 'there is none, or it expired (drafts live 30 minutes)',
  },
};

export function listingOfferProblem(failure: ListingOfferFailure | RecheckFailure): Problem {
  return isRecheckFailure(failure) ? recheckProblem(failure) : LISTING_OFFER_PROBLEMS[failure];
}

/** Creating a listing can also fail on the ownership check, mapped as the verification route does. */
export function createListingProblem(failure: CreateListingFailure): Problem {
  switch (failure) {
    case 'GUILD_REQUIRED':
    case 'LISTING_EXISTS':
    case 'GAME_NOT_OWNED':
      return LISTING_OFFER_PROBLEMS[failure];
    default:
      return verifyGameProblem(failure);
  }
}

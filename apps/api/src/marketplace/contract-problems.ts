import type { SignByLinkFailure } from '@bloxtr8/marketplace';
import { assertNever } from '@bloxtr8/platform';
import type { Problem } from '../problem.ts';
import { recheckProblem } from './marketplace-problems.ts';

/** The gateway's one table from contract and signing outcomes to problems. */
export const CONTRACT_PROBLEMS = {
  notFound: {
    status: 404,
    code: 'CONTRACT_NOT_FOUND',
    title: 'No such contract',
    detail: 'it does not exist, or you are not one of its parties',
  },
  confirmationRequired: {
    status: 400,
    code: 'CONFIRMATION_REQUIRED',
    title: 'Type I AGREE to sign',
    detail: 'the confirmation must be exactly "I AGREE"',
  },
} as const satisfies Record<string, Problem>;

export function signProblem(failure: SignByLinkFailure): Problem {
  switch (failure) {
    case 'CONTRACT_NOT_FOUND':
      return CONTRACT_PROBLEMS.notFound;
    case 'NOT_A_PARTY':
      return {
        status: 403,
        code: 'NOT_A_PARTY',
        title: 'Only the buyer and the seller sign a contract',
      };
    case 'TIER_TOO_LOW':
      return {
        status: 403,
        code: 'TIER_TOO_LOW',
        title: 'This needs KYC TIER_1',
        detail: 'link your Roblox account to trade',
      };
    case 'CONTRACT_NOT_PENDING':
      return {
        status: 409,
        code: 'CONTRACT_NOT_PENDING',
        title: 'This contract no longer takes signatures',
        detail: 'it was executed or voided',
      };
    case 'CONTRACT_EXPIRED':
      return {
        status: 409,
        code: 'CONTRACT_EXPIRED',
        title: 'This contract expired unsigned',
        detail: 'contracts must be signed by both parties within 72 hours; make a new offer',
      };
    case 'PDF_HASH_MISMATCH':
      return {
        status: 409,
        code: 'PDF_HASH_MISMATCH',
        title: 'The document you saw is not the contract on record',
        detail: 'download the contract again and check it before signing',
      };
    case 'SIGN_LINK_INVALID':
      return { status: 400, code: 'SIGN_LINK_INVALID', title: 'This signing link is not valid' };
    case 'SIGN_LINK_USED':
      return {
        status: 410,
        code: 'SIGN_LINK_USED',
        title: 'This signing link was used already',
        detail: 'ask for a new link',
      };
    case 'SIGN_LINK_EXPIRED':
      return {
        status: 410,
        code: 'SIGN_LINK_EXPIRED',
        title: 'This signing link has expired',
        detail: 'links work for 15 minutes; ask for a new one',
      };
    case 'OWNERSHIP_LOST':
    case 'SELLER_RELINK_REQUIRED':
    case 'ROBLOX_RATE_LIMITED':
    case 'ROBLOX_UNAVAILABLE':
      return recheckProblem(failure);
    default:
      return assertNever(failure, 'signing failure');
  }
}

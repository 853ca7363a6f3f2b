import type { LinkRobloxFailure } from '@bloxtr8/identity';
import type { RecheckFailure, RobloxOAuthFailure, VerifyGameFailure } from '@bloxtr8/marketplace';
import { assertNever } from '@bloxtr8/platform';
import type { Problem } from '../problem.ts';

/** The gateway's one table from Roblox linking and game verification outcomes to problems. */
export const MARKETPLACE_PROBLEMS = {
  stateInvalid: {
    status: 400,
    code: 'OAUTH_STATE_INVALID',
    title: 'This link has expired, was used already, or was not issued by us',
    detail: 'start linking again with /link',
  },
  stateOfAnotherUser: {
    status: 400,
    code: 'OAUTH_STATE_MISMATCH',
    title: 'This link was started by another Bloxtr8 account',
    detail:
      'nothing was linked; only the account that ran /link can finish it: start linking again from your own account',
  },
  signInToLink: {
    status: 401,
    code: 'LINK_SIGN_IN_REQUIRED',
    title: 'Sign in with Discord in this browser to finish linking',
    detail: 'nothing was linked; sign in, then start linking again with /link',
  },
  denied: { status: 400, code: 'OAUTH_DENIED', title: 'Roblox did not authorise the link' },
  alreadyLinked: {
    status: 409,
    code: 'ROBLOX_ALREADY_LINKED',
    title: 'Your account already has another Roblox account linked',
    detail: 'link the same Roblox account again, or ask a moderator to change it',
  },
  gameNotOwned: {
    status: 403,
    code: 'GAME_NOT_OWNED',
    title: 'Your Roblox account does not control this game',
    detail:
      "you must own the game, or own the group that owns it or hold a role there permitted to manage the group's experiences; the answer is kept 24 hours",
  },
} as const satisfies Record<string, Problem>;

const ROBLOX_UNAVAILABLE: Problem = {
  status: 502,
  code: 'ROBLOX_UNAVAILABLE',
  title: 'Roblox could not be reached',
  detail: 'try again in a few minutes',
};

const ROBLOX_RATE_LIMITED: Problem = {
  status: 503,
  code: 'ROBLOX_RATE_LIMITED',
  title: 'Roblox is limiting our requests',
  detail: 'try again in a minute',
};

export function robloxOAuthProblem(failure: RobloxOAuthFailure): Problem {
  switch (failure) {
    case 'CODE_REJECTED':
      return { status: 400, code: 'OAUTH_CODE_REJECTED', title: 'Roblox refused the link code' };
    // Linking is a one-off browser step: a rate limit there is as good as Roblox being down.
    case 'ROBLOX_RATE_LIMITED':
    case 'ROBLOX_UNAVAILABLE':
      return ROBLOX_UNAVAILABLE;
    default:
      return assertNever(failure, 'Roblox OAuth failure');
  }
}

export function linkProblem(failure: LinkRobloxFailure): Problem {
  switch (failure) {
    case 'USER_NOT_FOUND':
      return { status: 404, code: 'USER_NOT_FOUND', title: 'No such user' };
    case 'ROBLOX_ACCOUNT_TAKEN':
      return {
        status: 409,
        code: 'ROBLOX_ACCOUNT_TAKEN',
        title: 'This Roblox account is linked to another Bloxtr8 account',
      };
    case 'ROBLOX_ALREADY_LINKED':
      return MARKETPLACE_PROBLEMS.alreadyLinked;
    default:
      return assertNever(failure, 'Roblox link failure');
  }
}

export function verifyGameProblem(failure: VerifyGameFailure): Problem {
  switch (failure) {
    case 'ROBLOX_NOT_LINKED':
      return {
        status: 409,
        code: 'ROBLOX_NOT_LINKED',
        title: 'Link your Roblox account first',
        detail: 'run /link',
      };
    case 'GAME_NOT_FOUND':
      return { status: 404, code: 'GAME_NOT_FOUND', title: 'Roblox knows no such game' };
    case 'ROBLOX_GRANT_MISSING':
      return {
        status: 409,
        code: 'ROBLOX_RELINK_REQUIRED',
        title: "Link your Roblox account again so we can read your role in the game's group",
        detail: 'run /link with the same Roblox account, then try again',
      };
    case 'ROBLOX_RATE_LIMITED':
      return ROBLOX_RATE_LIMITED;
    case 'ROBLOX_UNAVAILABLE':
      return ROBLOX_UNAVAILABLE;
    default:
      return assertNever(failure, 'game verification failure');
  }
}

/** The seller's control of the game, re-checked as a trade binds them (ADR 0015), did not hold. */
export function recheckProblem(failure: RecheckFailure): Problem {
  switch (failure) {
    case 'OWNERSHIP_LOST':
      return {
        status: 409,
        code: 'OWNERSHIP_LOST',
        title: 'The seller no longer controls this game on Roblox',
        detail:
          'the listing was taken off sale and nothing was agreed; the seller can list it again once they control it',
      };
    case 'SELLER_RELINK_REQUIRED':
      return {
        status: 409,
        code: 'SELLER_RELINK_REQUIRED',
        title:
          "The seller must link their Roblox account again before we can check their role in the game's group",
        detail: 'nothing was agreed; try again once the seller has run /link',
      };
    case 'ROBLOX_RATE_LIMITED':
      return ROBLOX_RATE_LIMITED;
    case 'ROBLOX_UNAVAILABLE':
      return ROBLOX_UNAVAILABLE;
    default:
      return assertNever(failure, 'seller control re-check failure');
  }
}

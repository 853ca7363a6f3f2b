import type { LinkWalletFailure, WalletChallengeFailure } from '@bloxtr8/identity';
import { assertNever } from '@bloxtr8/platform';
import type { Problem } from '../problem.ts';

export type WalletRegistrationFailure =
  | WalletChallengeFailure
  | LinkWalletFailure
  | 'WALLET_SIGNATURE_INVALID'
  | 'WALLET_REFUSED'
  | 'SCREENING_UNAVAILABLE';

/** The gateway's table from wallet registration failures to problems. */
export function walletProblem(failure: WalletRegistrationFailure, detail?: string): Problem {
  const problem = (status: number, title: string): Problem => ({
    status,
    code: failure,
    title,
    ...(detail === undefined ? {} : { detail }),
  });
  switch (failure) {
    case 'CHALLENGE_NOT_FOUND':
      return problem(404, 'No such wallet challenge for you');
    case 'CHALLENGE_EXPIRED':
      return problem(410, 'The challenge expired; ask for a new one');
    case 'CHALLENGE_USED':
      return problem(410, 'The challenge was already used; ask for a new one');
    case 'WALLET_SIGNATURE_INVALID':
      return problem(400, "The signature is not the wallet's signature of the challenge");
    case 'WALLET_REFUSED':
      return problem(409, 'This wallet did not pass screening');
    case 'SCREENING_UNAVAILABLE':
      return problem(503, 'Wallet screening is unavailable; try again in a few minutes');
    case 'WALLET_ALREADY_REGISTERED':
      return problem(
        409,
        'You already registered another wallet for this; ask support to change it',
      );
    case 'WALLET_TAKEN':
      return problem(409, "This wallet is another user's");
    default:
      return assertNever(failure, 'wallet registration failure');
  }
}

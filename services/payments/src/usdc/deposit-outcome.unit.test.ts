import { describe, expect, it } from 'vitest';
import type { EscrowFunding } from './deposit-outcome.ts';
import { depositOutcomeOf } from './deposit-outcome.ts';

const DUE = 25_000_000_000n;
const open: EscrowFunding = {
  amountDueMinor: DUE,
  creditedMinor: 0n,
  isFunded: false,
  isCancelled: false,
};

describe('what becomes of a screened deposit', () => {
  it('funds the escrow with exactly the amount due', () => {
    expect(depositOutcomeOf('ACCEPT', DUE, open)).toEqual({
      status: 'ACCEPTED',
      creditedMinor: DUE,
      returnedMinor: 0n,
      completesFunding: true,
    });
  });

  it('credits a deposit short by one base unit without funding', () => {
    expect(depositOutcomeOf('ACCEPT', DUE - 1n, open)).toMatchObject({
      creditedMinor: DUE - 1n,
      completesFunding: false,
    });
  });

  it('funds with the rest once a second deposit tops a short one up, returning the excess', () => {
    const topped = depositOutcomeOf('ACCEPT', 5n, { ...open, creditedMinor: DUE - 1n });
    expect(topped).toEqual({
      status: 'ACCEPTED',
      creditedMinor: 1n,
      returnedMinor: 4n,
      completesFunding: true,
    });
  });

  it('returns the excess of an overpayment', () => {
    expect(depositOutcomeOf('ACCEPT', DUE + 7n, open)).toMatchObject({
      creditedMinor: DUE,
      returnedMinor: 7n,
      completesFunding: true,
    });
  });

  it('returns everything that arrives after funding or after cancellation', () => {
    for (const escrow of [
      { ...open, isFunded: true, creditedMinor: DUE },
      { ...open, isCancelled: true },
    ]) {
      expect(depositOutcomeOf('ACCEPT', 10n, escrow)).toEqual({
        status: 'ACCEPTED',
        creditedMinor: 0n,
        returnedMinor: 10n,
        completesFunding: false,
      });
    }
  });

  it('freezes a sanctioned sender’s money, returns a high-risk one’s, holds one for review', () => {
    expect(depositOutcomeOf('SANCTIONED', DUE, open)).toMatchObject({
      status: 'FROZEN',
      returnedMinor: 0n,
    });
    expect(depositOutcomeOf('HIGH_RISK', DUE, open)).toMatchObject({
      status: 'REJECTED',
      returnedMinor: DUE,
    });
    expect(depositOutcomeOf('REVIEW', DUE, open)).toMatchObject({
      status: 'IN_REVIEW',
      creditedMinor: 0n,
      returnedMinor: 0n,
    });
  });
});

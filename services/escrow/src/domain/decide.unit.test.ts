import { describe, expect, it } from 'vitest';
import type { EscrowCommand } from './commands.ts';
import type { When } from './escrow-test-kit.ts';
import {
  at,
  BUYER,
  create,
  DAY_MS,
  delivered,
  disputed,
  FEE,
  given,
  HOUR_MS,
  history,
  MODERATOR,
  PLATFORM,
  paid,
  refunded,
  released,
  SELLER,
  STRANGER,
  T0,
  TERMS,
  transferred,
} from './escrow-test-kit.ts';

function eventTypes(when: When): string[] {
  if (!when.decision.ok)
    throw new Error(`refused: ${when.decision.error.code} ${when.decision.error.detail}`);
  return when.decision.value.map((event) => event.type);
}

function rejection(when: When): string {
  if (when.decision.ok)
    throw new Error(`accepted: ${when.decision.value.map((e) => e.type).join(', ')}`);
  return when.decision.error.code;
}

const funded = history([create, paid]);
const deliveredHistory = history([create, paid, delivered]);
const disputedHistory = history([create, paid, delivered, disputed]);

describe('creating an escrow', () => {
  it('opens it awaiting funds with a 72 h funding deadline', () => {
    const when = given([]).when(create, T0);
    expect(eventTypes(when)).toEqual(['EscrowCreated', 'EscrowAwaitFunds']);
    expect(when.decision.ok && when.decision.value[1]).toMatchObject({
      fundingDeadlineAt: new Date(T0.getTime() + 72 * HOUR_MS),
    });
  });

  it('changes nothing when the same contract arrives again, and refuses other terms', () => {
    expect(eventTypes(given(history([create])).when(create))).toEqual([]);
    const other: EscrowCommand = {
      ...create,
      terms: { ...TERMS, amountMinor: 1n },
    } as EscrowCommand;
    expect(rejection(given(history([create])).when(other))).toBe('ESCROW_ALREADY_EXISTS');
  });

  it.each([
    ['the buyer is the seller', { ...TERMS, sellerId: TERMS.buyerId }, 'SAME_PARTY'],
    ['the amount is zero', { ...TERMS, amountMinor: 0n }, 'INVALID_AMOUNT'],
    ['the amount is negative', { ...TERMS, amountMinor: -5n }, 'INVALID_AMOUNT'],
    ['USD goes over $10,000 on Stripe', { ...TERMS, amountMinor: 1_000_001n }, 'RAIL_MISMATCH'],
    [
      'USDC lacks the Base network',
      { ...TERMS, currency: 'USDC', rail: 'USDC_BASE', amountMinor: 20_000_000_000n },
      'RAIL_MISMATCH',
    ],
    [
      'USDC is under the USDC floor',
      { ...TERMS, currency: 'USDC', rail: 'USDC_BASE', network: 'BASE', amountMinor: 5n },
      'RAIL_MISMATCH',
    ],
  ] as const)('refuses when %s', (_name, terms, code) => {
    expect(rejection(given([]).when({ ...create, terms } as EscrowCommand))).toBe(code);
  });

  it('accepts USDC on Base above $10,000', () => {
    const terms = {
      ...TERMS,
      currency: 'USDC',
      rail: 'USDC_BASE',
      network: 'BASE',
      amountMinor: 20_000_000_000n,
    } as const;
    expect(eventTypes(given([]).when({ ...create, terms }))).toEqual([
      'EscrowCreated',
      'EscrowAwaitFunds',
    ]);
  });

  it('refuses a party below TIER_1', () => {
    expect(rejection(given([]).when({ ...create, buyerTier: 'TIER_0' } as EscrowCommand))).toBe(
      'TIER_TOO_LOW',
    );
    expect(rejection(given([]).when({ ...create, sellerTier: 'TIER_0' } as EscrowCommand))).toBe(
      'TIER_TOO_LOW',
    );
  });

  it('refuses any other command for an escrow that does not exist', () => {
    expect(rejection(given([]).when(delivered))).toBe('ESCROW_NOT_FOUND');
  });
});

describe('funding', () => {
  it('holds the funds when the provider confirms the exact amount and currency', () => {
    const when = given(history([create])).when(paid);
    expect(eventTypes(when)).toEqual(['EscrowFundsHeld']);
  });

  it('never funds on a different amount or currency', () => {
    const awaiting = history([create]);
    expect(
      rejection(given(awaiting).when({ ...paid, amountMinor: 449_999n } as EscrowCommand)),
    ).toBe('AMOUNT_MISMATCH');
    expect(
      rejection(
        given(awaiting).when({ ...paid, currency: 'USDC', rail: 'USDC_BASE' } as EscrowCommand),
      ),
    ).toBe('CURRENCY_MISMATCH');
  });

  it('ignores the same payment twice, and refuses a second, different payment', () => {
    expect(eventTypes(given(funded).when(paid))).toEqual([]);
    expect(
      rejection(given(funded).when({ ...paid, providerPaymentId: 'pi_2' } as EscrowCommand)),
    ).toBe('DUPLICATE_PAYMENT');
  });

  it('keeps waiting after a failed payment attempt', () => {
    const failed: EscrowCommand = {
      type: 'RecordPaymentFailed',
      providerPaymentId: 'pi_1',
      failureCode: 'card_declined',
    };
    expect(eventTypes(given(history([create])).when(failed))).toEqual([]);
  });

  it('refuses a payment that arrives after the escrow was cancelled', () => {
    const cancelled = history([create, { type: 'CancelEscrow', actor: BUYER, reason: 'MANUAL' }]);
    expect(rejection(given(cancelled).when(paid))).toBe('ESCROW_CLOSED');
  });
});

describe('cancelling', () => {
  it.each([
    ['the buyer', BUYER],
    ['the seller', SELLER],
    ['a moderator', MODERATOR],
  ])('lets %s cancel an unfunded escrow', (_who, actor) => {
    expect(
      eventTypes(given(history([create])).when({ type: 'CancelEscrow', actor, reason: 'MANUAL' })),
    ).toEqual(['EscrowCancelled']);
  });

  it('refuses a stranger', () => {
    expect(
      rejection(
        given(history([create])).when({ type: 'CancelEscrow', actor: STRANGER, reason: 'MANUAL' }),
      ),
    ).toBe('ACTOR_NOT_PARTY');
  });

  it('times out only at the deadline and only by the platform', () => {
    const timeout: EscrowCommand = { type: 'CancelEscrow', actor: PLATFORM, reason: 'TIMEOUT' };
    const awaiting = history([create]);
    expect(rejection(given(awaiting).when(timeout, at(72 * HOUR_MS - 1)))).toBe(
      'TIMEOUT_NOT_REACHED',
    );
    expect(eventTypes(given(awaiting).when(timeout, at(72 * HOUR_MS)))).toEqual([
      'EscrowCancelled',
    ]);
    expect(rejection(given(awaiting).when({ ...timeout, actor: BUYER }, at(80 * HOUR_MS)))).toBe(
      'ACTOR_NOT_SYSTEM',
    );
  });

  it('does not cancel a funded escrow: that is a refund', () => {
    expect(
      rejection(given(funded).when({ type: 'CancelEscrow', actor: MODERATOR, reason: 'MANUAL' })),
    ).toBe('INVALID_TRANSITION');
  });
});

describe('delivery and release', () => {
  it('lets only the seller mark a funded escrow delivered, starting the 7-day auto-release clock', () => {
    const when = given(funded).when(delivered, at(DAY_MS));
    expect(eventTypes(when)).toEqual(['EscrowDelivered']);
    expect(when.decision.ok && when.decision.value[0]).toMatchObject({
      autoReleaseAt: at(8 * DAY_MS),
    });
    expect(rejection(given(funded).when({ ...delivered, actor: BUYER } as EscrowCommand))).toBe(
      'ACTOR_NOT_SELLER',
    );
    expect(rejection(given(history([create])).when(delivered))).toBe('INVALID_TRANSITION');
  });

  it('starts a release with the platform fee when the buyer confirms', () => {
    const when = given(deliveredHistory).when(released);
    expect(eventTypes(when)).toEqual(['EscrowSettlementStarted']);
    expect(when.decision.ok && when.decision.value[0]).toMatchObject({
      settlement: {
        kind: 'RELEASE',
        returnState: 'DELIVERED',
        attempt: 1,
        feeMinor: FEE,
        releaseReason: 'BUYER_CONFIRMED',
      },
    });
    expect(
      rejection(given(deliveredHistory).when({ ...released, actor: SELLER } as EscrowCommand)),
    ).toBe('ACTOR_NOT_BUYER');
  });

  it('releases when the transfer succeeds, and only for the exact split', () => {
    const pending = history([create, paid, delivered, released]);
    expect(eventTypes(given(pending).when(transferred))).toEqual(['EscrowReleased']);
    const wrong: EscrowCommand = {
      ...transferred,
      amountMinor: TERMS.amountMinor,
    } as EscrowCommand;
    expect(rejection(given(pending).when(wrong))).toBe('AMOUNT_MISMATCH');
    expect(
      eventTypes(
        given(history([create, paid, delivered, released, transferred])).when(transferred),
      ),
    ).toEqual([]);
  });

  it('auto-releases after 7 days, by the platform only', () => {
    const auto: EscrowCommand = { type: 'ReleaseFunds', actor: PLATFORM, reason: 'AUTO_RELEASE' };
    expect(rejection(given(deliveredHistory).when(auto, at(7 * DAY_MS)))).toBe(
      'TIMEOUT_NOT_REACHED',
    );
    expect(eventTypes(given(deliveredHistory).when(auto, at(8 * DAY_MS)))).toEqual([
      'EscrowSettlementStarted',
    ]);
    expect(
      rejection(
        given(deliveredHistory).when({ ...auto, actor: BUYER } as EscrowCommand, at(9 * DAY_MS)),
      ),
    ).toBe('ACTOR_NOT_SYSTEM');
  });
});

describe('money in flight', () => {
  const releasing = history([create, paid, delivered, released]);

  it.each([
    ['a dispute', disputed],
    ['a second release', released],
    [
      'a moderator refund',
      { type: 'RefundEscrow', actor: MODERATOR, reason: 'CANCELLED_AFTER_FUNDING', note: '' },
    ],
  ] as const)('refuses %s while the transfer is pending', (_name, command) => {
    expect(rejection(given(releasing).when(command as EscrowCommand))).toBe(
      'SETTLEMENT_IN_PROGRESS',
    );
  });

  it('returns to DELIVERED with an alert when the transfer fails, and the buyer can retry', () => {
    const failure: EscrowCommand = {
      type: 'RecordTransferFailed',
      failureCode: 'balance_insufficient',
      failureMessage: 'no funds',
    };
    const when = given(releasing).when(failure);
    expect(eventTypes(when)).toEqual(['EscrowSettlementFailed']);
    const afterFailure = history([create, paid, delivered, released, failure]);
    const retry = given(afterFailure).when(released);
    expect(retry.state?.status).toBe('DELIVERED');
    expect(retry.decision.ok && retry.decision.value[0]).toMatchObject({
      settlement: { attempt: 2 },
    });
  });

  it('pushes the next automatic release back after an automatic release failed', () => {
    const auto: EscrowCommand = { type: 'ReleaseFunds', actor: PLATFORM, reason: 'AUTO_RELEASE' };
    const failure: EscrowCommand = {
      type: 'RecordTransferFailed',
      failureCode: 'api_error',
      failureMessage: 'down',
    };
    const events = [...deliveredHistory];
    const start = given(events).when(auto, at(8 * DAY_MS));
    if (!start.decision.ok) throw new Error('auto-release refused');
    events.push(...start.decision.value);
    const failed = given(events).when(failure, at(8 * DAY_MS + 1000));
    expect(failed.decision.ok && failed.decision.value[0]).toMatchObject({
      autoReleaseAt: at(8 * DAY_MS + 1000 + HOUR_MS),
    });
  });

  it('refuses a provider answer that no settlement asked for', () => {
    expect(rejection(given(deliveredHistory).when(transferred))).toBe('NO_SETTLEMENT_PENDING');
    expect(rejection(given(funded).when(refunded))).toBe('NO_SETTLEMENT_PENDING');
  });
});

describe('disputes', () => {
  it.each([
    ['funded', funded],
    ['delivered', deliveredHistory],
  ])('lets either party dispute a %s escrow', (_state, events) => {
    expect(eventTypes(given(events).when(disputed))).toEqual(['EscrowDisputed']);
    expect(eventTypes(given(events).when({ ...disputed, actor: SELLER } as EscrowCommand))).toEqual(
      ['EscrowDisputed'],
    );
    expect(rejection(given(events).when({ ...disputed, actor: STRANGER } as EscrowCommand))).toBe(
      'ACTOR_NOT_PARTY',
    );
  });

  it('lets the buyer no longer release during a dispute', () => {
    expect(rejection(given(disputedHistory).when(released))).toBe('INVALID_TRANSITION');
  });

  it('lets only a moderator resolve, towards the seller or the buyer', () => {
    const toSeller: EscrowCommand = {
      type: 'ResolveDispute',
      actor: MODERATOR,
      outcome: 'RELEASE',
      note: 'delivered',
    };
    const toBuyer: EscrowCommand = {
      type: 'ResolveDispute',
      actor: MODERATOR,
      outcome: 'REFUND',
      note: 'not delivered',
    };
    expect(given(disputedHistory).when(toSeller).decision).toMatchObject({
      ok: true,
      value: [
        {
          settlement: {
            kind: 'RELEASE',
            returnState: 'DISPUTED',
            releaseReason: 'DISPUTE_RESOLVED',
          },
        },
      ],
    });
    expect(given(disputedHistory).when(toBuyer).decision).toMatchObject({
      ok: true,
      value: [
        {
          settlement: { kind: 'REFUND', returnState: 'DISPUTED', refundReason: 'DISPUTE_RESOLVED' },
        },
      ],
    });
    expect(
      rejection(given(disputedHistory).when({ ...toSeller, actor: BUYER } as EscrowCommand)),
    ).toBe('ACTOR_NOT_ADMIN');
  });

  it('refunds the buyer when the refund succeeds', () => {
    const toBuyer: EscrowCommand = {
      type: 'ResolveDispute',
      actor: MODERATOR,
      outcome: 'REFUND',
      note: '',
    };
    const pending = history([create, paid, delivered, disputed, toBuyer]);
    expect(eventTypes(given(pending).when(refunded))).toEqual(['EscrowRefunded']);
  });

  it('alerts moderators once about a dispute older than 30 days', () => {
    const flag: EscrowCommand = { type: 'FlagStaleDispute' };
    expect(rejection(given(disputedHistory).when(flag, at(29 * DAY_MS)))).toBe(
      'TIMEOUT_NOT_REACHED',
    );
    expect(eventTypes(given(disputedHistory).when(flag, at(31 * DAY_MS)))).toEqual([
      'EscrowDisputeStale',
    ]);
    const alerted = [...disputedHistory];
    const first = given(alerted).when(flag, at(31 * DAY_MS));
    if (first.decision.ok) alerted.push(...first.decision.value);
    expect(eventTypes(given(alerted).when(flag, at(32 * DAY_MS)))).toEqual([]);
  });
});

describe('refunds outside disputes', () => {
  it('lets a moderator refund a funded escrow, and the platform for an AML failure', () => {
    const refund: EscrowCommand = {
      type: 'RefundEscrow',
      actor: MODERATOR,
      reason: 'CANCELLED_AFTER_FUNDING',
      note: 'both agreed',
    };
    expect(eventTypes(given(funded).when(refund))).toEqual(['EscrowSettlementStarted']);
    const aml: EscrowCommand = {
      type: 'RefundEscrow',
      actor: PLATFORM,
      reason: 'AML_FAILURE',
      note: '',
    };
    expect(eventTypes(given(funded).when(aml))).toEqual(['EscrowSettlementStarted']);
    expect(rejection(given(funded).when({ ...refund, actor: BUYER } as EscrowCommand))).toBe(
      'ACTOR_NOT_ADMIN',
    );
  });
});

describe('terminal states', () => {
  const releasedHistory = history([create, paid, delivered, released, transferred]);
  const refundedHistory = history([
    create,
    paid,
    { type: 'RefundEscrow', actor: MODERATOR, reason: 'CANCELLED_AFTER_FUNDING', note: '' },
    refunded,
  ]);
  const cancelledHistory = history([
    create,
    { type: 'CancelEscrow', actor: BUYER, reason: 'MANUAL' },
  ]);

  it.each([
    ['RELEASED', releasedHistory],
    ['REFUNDED', refundedHistory],
    ['CANCELLED', cancelledHistory],
  ])('refuses every party command once %s', (status, events) => {
    expect(given(events).state?.status).toBe(status);
    for (const command of [
      delivered,
      released,
      disputed,
      { type: 'CancelEscrow', actor: BUYER, reason: 'MANUAL' },
    ] as const) {
      expect(rejection(given(events).when(command as EscrowCommand))).toBe('ESCROW_CLOSED');
    }
  });
});

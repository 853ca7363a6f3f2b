import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { EscrowCommand } from './commands.ts';
import type { DecisionContext } from './decide.ts';
import type { Escrow, EscrowEvent } from './escrow.ts';
import type { Rejection } from './rejections.ts';
import { reject } from './rejections.ts';

type PaymentFact = Extract<
  EscrowCommand,
  {
    type:
      | 'RecordPaymentSucceeded'
      | 'RecordPaymentFailed'
      | 'RecordTransferSucceeded'
      | 'RecordTransferFailed'
      | 'RecordRefundSucceeded'
      | 'RecordRefundFailed';
  }
>;

type Decision = Result<readonly EscrowEvent[], Rejection>;
const unchanged: Decision = ok([]);

/**
 * What the payment provider reported. A fact is checked against the escrow before it changes
 * anything: money that does not match the terms never funds an escrow, and a fact seen twice
 * (same provider id) changes nothing the second time.
 */
export function decidePaymentFact(
  escrow: Escrow,
  fact: PaymentFact,
  context: DecisionContext,
): Decision {
  switch (fact.type) {
    case 'RecordPaymentSucceeded':
      return decidePaymentSucceeded(escrow, fact, context);
    case 'RecordPaymentFailed':
      // The buyer may try again until the funding deadline; nothing changes meanwhile.
      return unchanged;
    case 'RecordTransferSucceeded':
      return decideTransferSucceeded(escrow, fact, context);
    case 'RecordRefundSucceeded':
      return decideRefundSucceeded(escrow, fact, context);
    case 'RecordTransferFailed':
    case 'RecordRefundFailed':
      return decideSettlementFailed(escrow, fact, context);
  }
}

function decidePaymentSucceeded(
  escrow: Escrow,
  fact: Extract<PaymentFact, { type: 'RecordPaymentSucceeded' }>,
  { now }: DecisionContext,
): Decision {
  if (escrow.providerPaymentId === fact.providerPaymentId) return unchanged;
  if (escrow.status !== 'AWAIT_FUNDS') {
    const code = escrow.providerPaymentId === null ? 'ESCROW_CLOSED' : 'DUPLICATE_PAYMENT';
    return err(reject(code, `payment ${fact.providerPaymentId} arrived while ${escrow.status}`));
  }
  const { terms } = escrow;
  if (fact.currency !== terms.currency || fact.rail !== terms.rail) {
    return err(
      reject(
        'CURRENCY_MISMATCH',
        `paid in ${fact.currency} on ${fact.rail}, expected ${terms.currency} on ${terms.rail}`,
      ),
    );
  }
  if (fact.amountMinor !== terms.amountMinor) {
    return err(
      reject('AMOUNT_MISMATCH', `paid ${fact.amountMinor}, expected ${terms.amountMinor}`),
    );
  }
  return ok([
    {
      type: 'EscrowFundsHeld',
      at: now,
      providerPaymentId: fact.providerPaymentId,
      amountMinor: fact.amountMinor,
      currency: fact.currency,
    },
  ]);
}

function decideTransferSucceeded(
  escrow: Escrow,
  fact: Extract<PaymentFact, { type: 'RecordTransferSucceeded' }>,
  { now }: DecisionContext,
): Decision {
  if (escrow.status === 'RELEASED') return unchanged;
  const settlement = escrow.settlement;
  if (escrow.status !== 'RELEASE_PENDING' || settlement === null) {
    return err(reject('NO_SETTLEMENT_PENDING', `transfer reported while ${escrow.status}`));
  }
  if (
    fact.amountMinor + fact.feeMinor !== escrow.terms.amountMinor ||
    fact.feeMinor !== settlement.feeMinor
  ) {
    return err(
      reject(
        'AMOUNT_MISMATCH',
        `transfer of ${fact.amountMinor} plus fee ${fact.feeMinor} does not settle ${escrow.terms.amountMinor}`,
      ),
    );
  }
  return ok([
    {
      type: 'EscrowReleased',
      at: now,
      providerTransferId: fact.providerTransferId,
      amountMinor: escrow.terms.amountMinor,
      feeMinor: fact.feeMinor,
      payoutMinor: fact.amountMinor,
      reason: settlement.releaseReason ?? 'BUYER_CONFIRMED',
    },
  ]);
}

function decideRefundSucceeded(
  escrow: Escrow,
  fact: Extract<PaymentFact, { type: 'RecordRefundSucceeded' }>,
  { now }: DecisionContext,
): Decision {
  if (escrow.status === 'REFUNDED') return unchanged;
  const settlement = escrow.settlement;
  if (escrow.status !== 'REFUND_PENDING' || settlement === null) {
    return err(reject('NO_SETTLEMENT_PENDING', `refund reported while ${escrow.status}`));
  }
  if (fact.amountMinor !== escrow.terms.amountMinor) {
    return err(
      reject(
        'AMOUNT_MISMATCH',
        `refund of ${fact.amountMinor}, expected ${escrow.terms.amountMinor}`,
      ),
    );
  }
  return ok([
    {
      type: 'EscrowRefunded',
      at: now,
      providerRefundId: fact.providerRefundId,
      amountMinor: fact.amountMinor,
      reason: settlement.refundReason ?? 'CANCELLED_AFTER_FUNDING',
    },
  ]);
}

function decideSettlementFailed(
  escrow: Escrow,
  fact: Extract<PaymentFact, { type: 'RecordTransferFailed' | 'RecordRefundFailed' }>,
  { now, policy }: DecisionContext,
): Decision {
  const kind = fact.type === 'RecordTransferFailed' ? 'RELEASE' : 'REFUND';
  const settlement = escrow.settlement;
  if (settlement === null || settlement.kind !== kind) {
    return err(
      reject(
        'NO_SETTLEMENT_PENDING',
        `${kind.toLowerCase()} failure reported while ${escrow.status}`,
      ),
    );
  }
  // Back to where it was, with an alert; the same command retries. An automatic release that
  // failed is tried again later rather than at every sweep.
  const autoReleaseAt =
    settlement.returnState !== 'DELIVERED'
      ? null
      : settlement.releaseReason === 'AUTO_RELEASE'
        ? new Date(now.getTime() + policy.autoReleaseRetryMs)
        : escrow.autoReleaseAt;
  return ok([
    {
      type: 'EscrowSettlementFailed',
      at: now,
      kind,
      returnState: settlement.returnState,
      failureCode: fact.failureCode,
      failureMessage: fact.failureMessage,
      autoReleaseAt,
    },
  ]);
}

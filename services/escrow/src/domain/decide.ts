import { isRoutedCorrectly } from '@bloxtr8/contracts';
import type { Result } from '@bloxtr8/platform';
import { assertNever, err, ok } from '@bloxtr8/platform';
import type { EscrowCommand } from './commands.ts';
import { decidePaymentFact } from './decide-payment-facts.ts';
import { decideSettlement } from './decide-settlement.ts';
import type { Escrow, EscrowEvent, KycTier } from './escrow.ts';
import { isAdmin, isParty, isSeller, isSystem, requireStatus } from './guards.ts';
import type { EscrowPolicy } from './policy.ts';
import type { Rejection } from './rejections.ts';
import { reject } from './rejections.ts';

export interface DecisionContext {
  readonly now: Date;
  readonly policy: EscrowPolicy;
}

/** The events a command produces (none when it changes nothing), or why it is refused. */
export type Decision = Result<readonly EscrowEvent[], Rejection>;

const accept = (...events: EscrowEvent[]): Decision => ok(events);
const refuse = (rejection: Rejection): Decision => err(rejection);
const after = (instant: Date, ms: number) => new Date(instant.getTime() + ms);

/** The escrow state machine (SPEC §4): pure, no I/O, time passed in. */
export function decide(
  state: Escrow | null,
  command: EscrowCommand,
  context: DecisionContext,
): Decision {
  if (command.type === 'CreateEscrow') return decideCreate(state, command, context);
  if (state === null) return refuse(reject('ESCROW_NOT_FOUND', `no escrow for ${command.type}`));
  switch (command.type) {
    case 'MarkDelivered':
      return decideMarkDelivered(state, command, context);
    case 'CancelEscrow':
      return decideCancel(state, command, context);
    case 'RaiseDispute':
      return decideRaiseDispute(state, command, context);
    case 'FlagStaleDispute':
      return decideFlagStaleDispute(state, context);
    case 'ReleaseFunds':
    case 'ResolveDispute':
    case 'RefundEscrow':
      return decideSettlement(state, command, context);
    case 'RecordPaymentSucceeded':
    case 'RecordPaymentFailed':
    case 'RecordTransferSucceeded':
    case 'RecordTransferFailed':
    case 'RecordRefundSucceeded':
    case 'RecordRefundFailed':
      return decidePaymentFact(state, command, context);
    default:
      return assertNever(command, 'escrow command');
  }
}

const TRADING_TIERS: readonly KycTier[] = ['TIER_1', 'TIER_2'];

function decideCreate(
  state: Escrow | null,
  command: Extract<EscrowCommand, { type: 'CreateEscrow' }>,
  { now, policy }: DecisionContext,
): Decision {
  const { terms } = command;
  if (state !== null) {
    // The same contract delivered twice creates nothing new; different terms are a conflict.
    const same = JSON.stringify(state.terms, bigintSafe) === JSON.stringify(terms, bigintSafe);
    return same
      ? accept()
      : refuse(reject('ESCROW_ALREADY_EXISTS', `escrow ${terms.escrowId} exists with other terms`));
  }
  if (terms.buyerId === terms.sellerId)
    return refuse(reject('SAME_PARTY', 'buyer and seller are the same user'));
  if (terms.amountMinor <= 0n)
    return refuse(reject('INVALID_AMOUNT', 'the amount must be positive'));
  if ((terms.currency === 'USDC') !== (terms.network === 'BASE')) {
    return refuse(reject('RAIL_MISMATCH', 'USDC travels on the Base network, USD on no network'));
  }
  if (!isRoutedCorrectly(terms.rail, terms.currency, terms.amountMinor)) {
    return refuse(
      reject(
        'RAIL_MISMATCH',
        `${terms.amountMinor} ${terms.currency} does not belong on ${terms.rail}`,
      ),
    );
  }
  if (!TRADING_TIERS.includes(command.buyerTier) || !TRADING_TIERS.includes(command.sellerTier)) {
    return refuse(reject('TIER_TOO_LOW', 'both parties must have linked Roblox (TIER_1 or above)'));
  }
  return accept(
    { type: 'EscrowCreated', at: now, terms },
    { type: 'EscrowAwaitFunds', at: now, fundingDeadlineAt: after(now, policy.fundingTimeoutMs) },
  );
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function decideMarkDelivered(
  escrow: Escrow,
  command: Extract<EscrowCommand, { type: 'MarkDelivered' }>,
  { now, policy }: DecisionContext,
): Decision {
  const wrongState = requireStatus(escrow, ['FUNDS_HELD'], 'mark delivered');
  if (wrongState !== undefined) return refuse(wrongState);
  if (!isSeller(escrow, command.actor)) {
    return refuse(reject('ACTOR_NOT_SELLER', 'only the seller marks the game delivered'));
  }
  return accept({
    type: 'EscrowDelivered',
    at: now,
    actorId: command.actor.id,
    note: command.note,
    autoReleaseAt: after(now, policy.autoReleaseMs),
  });
}

function decideCancel(
  escrow: Escrow,
  command: Extract<EscrowCommand, { type: 'CancelEscrow' }>,
  { now }: DecisionContext,
): Decision {
  const wrongState = requireStatus(escrow, ['AWAIT_FUNDS'], 'cancel');
  if (wrongState !== undefined) {
    return refuse(
      escrow.status === 'FUNDS_HELD'
        ? reject('INVALID_TRANSITION', 'a funded escrow is refunded by a moderator, not cancelled')
        : wrongState,
    );
  }
  if (command.reason === 'TIMEOUT') {
    if (!isSystem(command.actor))
      return refuse(reject('ACTOR_NOT_SYSTEM', 'only the platform times out'));
    if (escrow.fundingDeadlineAt === null || now < escrow.fundingDeadlineAt) {
      return refuse(reject('TIMEOUT_NOT_REACHED', 'the funding deadline has not passed'));
    }
  } else if (!isParty(escrow, command.actor) && !isAdmin(command.actor)) {
    return refuse(
      reject('ACTOR_NOT_PARTY', 'only the buyer, the seller or a moderator may cancel'),
    );
  }
  return accept({
    type: 'EscrowCancelled',
    at: now,
    actorId: command.actor.id,
    reason: command.reason,
  });
}

function decideRaiseDispute(
  escrow: Escrow,
  command: Extract<EscrowCommand, { type: 'RaiseDispute' }>,
  { now }: DecisionContext,
): Decision {
  const wrongState = requireStatus(escrow, ['FUNDS_HELD', 'DELIVERED'], 'raise a dispute');
  if (wrongState !== undefined) return refuse(wrongState);
  if (!isParty(escrow, command.actor)) {
    return refuse(reject('ACTOR_NOT_PARTY', 'only the buyer or the seller may dispute'));
  }
  return accept({
    type: 'EscrowDisputed',
    at: now,
    actorId: command.actor.id,
    reason: command.reason,
    detail: command.detail,
    disputedFrom: escrow.status === 'DELIVERED' ? 'DELIVERED' : 'FUNDS_HELD',
  });
}

function decideFlagStaleDispute(escrow: Escrow, { now, policy }: DecisionContext): Decision {
  const wrongState = requireStatus(escrow, ['DISPUTED'], 'flag a stale dispute');
  if (wrongState !== undefined) return refuse(wrongState);
  if (escrow.disputeAlertedAt !== null) return accept();
  const disputedAt = escrow.disputedAt ?? escrow.stateEnteredAt;
  if (now < after(disputedAt, policy.disputeAlertMs)) {
    return refuse(reject('TIMEOUT_NOT_REACHED', 'the dispute is not old enough to alert'));
  }
  return accept({ type: 'EscrowDisputeStale', at: now, disputedAt });
}

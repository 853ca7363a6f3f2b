import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { EscrowCommand } from './commands.ts';
import type { DecisionContext } from './decide.ts';
import type { Escrow, EscrowEvent, ReturnState, Settlement } from './escrow.ts';
import { isAdmin, isBuyer, isSystem, requireStatus } from './guards.ts';
import { platformFeeMinor } from './policy.ts';
import type { Rejection } from './rejections.ts';
import { reject } from './rejections.ts';

type SettlementCommand = Extract<
  EscrowCommand,
  { type: 'ReleaseFunds' | 'ResolveDispute' | 'RefundEscrow' }
>;

/**
 * Commands that move money out of the escrow. None moves it directly: each starts a settlement
 * (RELEASE_PENDING or REFUND_PENDING) that only the provider's answer completes or fails, and
 * while it is pending every conflicting command is refused (SPEC §4 [fix]).
 */
export function decideSettlement(
  escrow: Escrow,
  command: SettlementCommand,
  context: DecisionContext,
): Result<readonly EscrowEvent[], Rejection> {
  const decision = settlementFor(escrow, command, context);
  if (!decision.ok) return decision;
  const { kind, returnState, ...reasons } = decision.value;
  const settlement: Settlement = {
    kind,
    returnState,
    attempt: escrow.settlementAttempts + 1,
    actorId: command.actor.id,
    releaseReason: reasons.releaseReason ?? null,
    refundReason: reasons.refundReason ?? null,
    feeMinor:
      kind === 'RELEASE'
        ? platformFeeMinor(escrow.terms.amountMinor, context.policy.platformFeeBps)
        : 0n,
    note: command.type === 'ReleaseFunds' ? '' : command.note,
  };
  return ok([{ type: 'EscrowSettlementStarted', at: context.now, settlement }]);
}

type SettlementPlan = Pick<Settlement, 'kind' | 'returnState'> &
  Partial<Pick<Settlement, 'releaseReason' | 'refundReason'>>;

function settlementFor(
  escrow: Escrow,
  command: SettlementCommand,
  context: DecisionContext,
): Result<SettlementPlan, Rejection> {
  switch (command.type) {
    case 'ReleaseFunds':
      return planRelease(escrow, command, context);
    case 'ResolveDispute':
      return planResolution(escrow, command);
    case 'RefundEscrow':
      return planRefund(escrow, command);
  }
}

function planRelease(
  escrow: Escrow,
  command: Extract<SettlementCommand, { type: 'ReleaseFunds' }>,
  { now }: DecisionContext,
): Result<SettlementPlan, Rejection> {
  const wrongState = requireStatus(escrow, ['DELIVERED'], 'release the funds');
  if (wrongState !== undefined) return err(wrongState);
  if (command.reason === 'AUTO_RELEASE') {
    if (!isSystem(command.actor))
      return err(reject('ACTOR_NOT_SYSTEM', 'only the platform auto-releases'));
    if (escrow.autoReleaseAt === null || now < escrow.autoReleaseAt) {
      return err(reject('TIMEOUT_NOT_REACHED', 'the auto-release time has not come'));
    }
  } else if (!isBuyer(escrow, command.actor)) {
    return err(
      reject('ACTOR_NOT_BUYER', 'only the buyer confirms delivery and releases the funds'),
    );
  }
  return ok({ kind: 'RELEASE', returnState: 'DELIVERED', releaseReason: command.reason });
}

function planResolution(
  escrow: Escrow,
  command: Extract<SettlementCommand, { type: 'ResolveDispute' }>,
): Result<SettlementPlan, Rejection> {
  const wrongState = requireStatus(escrow, ['DISPUTED'], 'resolve a dispute');
  if (wrongState !== undefined) return err(wrongState);
  if (!isAdmin(command.actor))
    return err(reject('ACTOR_NOT_ADMIN', 'only a moderator resolves disputes'));
  const returnState: ReturnState = 'DISPUTED';
  return command.outcome === 'RELEASE'
    ? ok({ kind: 'RELEASE', returnState, releaseReason: 'DISPUTE_RESOLVED' })
    : ok({ kind: 'REFUND', returnState, refundReason: 'DISPUTE_RESOLVED' });
}

function planRefund(
  escrow: Escrow,
  command: Extract<SettlementCommand, { type: 'RefundEscrow' }>,
): Result<SettlementPlan, Rejection> {
  const wrongState = requireStatus(escrow, ['FUNDS_HELD'], 'refund');
  if (wrongState !== undefined) return err(wrongState);
  const allowed =
    isAdmin(command.actor) || (command.reason === 'AML_FAILURE' && isSystem(command.actor));
  if (!allowed) return err(reject('ACTOR_NOT_ADMIN', 'only a moderator refunds a funded escrow'));
  return ok({ kind: 'REFUND', returnState: 'FUNDS_HELD', refundReason: command.reason });
}

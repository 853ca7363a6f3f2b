import type { Actor } from './commands.ts';
import type { Escrow, EscrowStatus } from './escrow.ts';
import { isTerminal, PENDING_STATUSES } from './escrow.ts';
import type { Rejection } from './rejections.ts';
import { reject } from './rejections.ts';

/** Refuses a command outside the states that allow it, naming the most useful reason. */
export function requireStatus(
  escrow: Escrow,
  allowed: readonly EscrowStatus[],
  action: string,
): Rejection | undefined {
  if (allowed.includes(escrow.status)) return undefined;
  if (isTerminal(escrow.status)) {
    return reject('ESCROW_CLOSED', `cannot ${action}: the escrow is ${escrow.status}`);
  }
  if (PENDING_STATUSES.includes(escrow.status)) {
    return reject('SETTLEMENT_IN_PROGRESS', `cannot ${action}: money is moving (${escrow.status})`);
  }
  return reject(
    'INVALID_TRANSITION',
    `cannot ${action} while ${escrow.status}; allowed in ${allowed.join(', ')}`,
  );
}

export const isBuyer = (escrow: Escrow, actor: Actor) =>
  actor.role === 'USER' && actor.id === escrow.terms.buyerId;

export const isSeller = (escrow: Escrow, actor: Actor) =>
  actor.role === 'USER' && actor.id === escrow.terms.sellerId;

export const isParty = (escrow: Escrow, actor: Actor) =>
  isBuyer(escrow, actor) || isSeller(escrow, actor);

export const isAdmin = (actor: Actor) => actor.role === 'ADMIN';

export const isSystem = (actor: Actor) => actor.role === 'SYSTEM';

/**
 * Why the escrow refused a command: a closed set of stable codes, recorded with the command and
 * shown to the caller. Switches over them are exhaustive.
 */
export const REJECTION_CODES = [
  'ESCROW_NOT_FOUND',
  'ESCROW_ALREADY_EXISTS',
  'ESCROW_CLOSED',
  'INVALID_TRANSITION',
  'SETTLEMENT_IN_PROGRESS',
  'NO_SETTLEMENT_PENDING',
  'ACTOR_NOT_BUYER',
  'ACTOR_NOT_SELLER',
  'ACTOR_NOT_PARTY',
  'ACTOR_NOT_ADMIN',
  'ACTOR_NOT_SYSTEM',
  'SAME_PARTY',
  'INVALID_AMOUNT',
  'RAIL_MISMATCH',
  'TIER_TOO_LOW',
  'AMOUNT_MISMATCH',
  'CURRENCY_MISMATCH',
  'DUPLICATE_PAYMENT',
  'TIMEOUT_NOT_REACHED',
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface Rejection {
  readonly code: RejectionCode;
  readonly detail: string;
}

export function reject(code: RejectionCode, detail: string): Rejection {
  return { code, detail };
}

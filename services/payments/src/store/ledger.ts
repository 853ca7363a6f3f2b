import type { Queryable } from '@bloxtr8/db';
import { v5 as uuidv5 } from 'uuid';

export type LedgerAccount = 'BUYER' | 'ESCROW_HOLDING' | 'SELLER' | 'PLATFORM_FEE';
export type Movement = 'PAYMENT' | 'TRANSFER' | 'REFUND';

/** Namespace for movement ids: one id per provider object, however often it is reported. */
const MOVEMENT_NAMESPACE = '9a3f1c2e-4b5d-4e6f-8a7b-1c2d3e4f5a6b';

export interface MovementInput {
  readonly escrowId: string;
  readonly movement: Movement;
  readonly currency: 'USD' | 'USDC';
  /** The provider object that moved the money (pi_…, tr_…, re_…). */
  readonly providerRef: string;
  /** Signed lines; they must sum to zero (the database checks it at commit). */
  readonly lines: ReadonlyArray<readonly [LedgerAccount, bigint]>;
}

/**
 * Books one money movement as balanced double-entry lines. Returns false when this provider
 * object was booked before, which is how callers tell a first report from a repeat.
 */
export async function bookMovement(tx: Queryable, input: MovementInput): Promise<boolean> {
  const movementId = uuidv5(`${input.movement}|${input.providerRef}`, MOVEMENT_NAMESPACE);
  let inserted = 0;
  for (const [account, amountMinor] of input.lines) {
    if (amountMinor === 0n) continue;
    const { rowCount } = await tx.query(
      `insert into payments.ledger_entries (escrow_id, movement_id, movement, account, amount_minor, currency, provider_ref)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict do nothing`,
      [
        input.escrowId,
        movementId,
        input.movement,
        account,
        amountMinor,
        input.currency,
        input.providerRef,
      ],
    );
    inserted += rowCount;
  }
  return inserted > 0;
}

/** The buyer's money arrives in the escrow's holding account. */
export const paymentLines = (amountMinor: bigint) =>
  [
    ['BUYER', -amountMinor],
    ['ESCROW_HOLDING', amountMinor],
  ] as const;

/** The holding account pays the seller and the platform's fee. */
export const transferLines = (payoutMinor: bigint, feeMinor: bigint) =>
  [
    ['ESCROW_HOLDING', -(payoutMinor + feeMinor)],
    ['SELLER', payoutMinor],
    ['PLATFORM_FEE', feeMinor],
  ] as const;

/** The holding account returns the money to the buyer. */
export const refundLines = (amountMinor: bigint) =>
  [
    ['ESCROW_HOLDING', -amountMinor],
    ['BUYER', amountMinor],
  ] as const;

/** Each account's balance for one escrow; a finished escrow's holding account is zero. */
export async function ledgerBalances(
  db: Queryable,
  escrowId: string,
): Promise<Record<LedgerAccount, bigint>> {
  const { rows } = await db.query<{ account: LedgerAccount; balance: bigint }>(
    `select account, sum(amount_minor)::int8 as balance from payments.ledger_entries
     where escrow_id = $1 group by account`,
    [escrowId],
  );
  const balances: Record<LedgerAccount, bigint> = {
    BUYER: 0n,
    ESCROW_HOLDING: 0n,
    SELLER: 0n,
    PLATFORM_FEE: 0n,
  };
  for (const row of rows) balances[row.account] = row.balance;
  return balances;
}

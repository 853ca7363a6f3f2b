import type { Database, Queryable } from '@bloxtr8/db';
import type { RequestContext } from '@bloxtr8/identity';
import { hashSecretToken, newSecretToken } from '@bloxtr8/identity';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { RecheckFailure } from '../verification/recheck-seller-control.ts';
import type { RobloxReader } from '../verification/verify-game-ownership.ts';
import { auditContract } from './contract-audit.ts';
import { findContract } from './contract-store.ts';
import type { SignContractFailure, SignedContract } from './sign-contract.ts';
import { signAfterRecheck, signContractIn } from './sign-contract.ts';

/** SPEC §3.5: a sign link works once, for 15 minutes, for one user and one contract. */
export const SIGN_LINK_TTL_MS = 15 * 60_000;

export interface IssuedSignLink {
  /** The secret; only its SHA-256 is stored. Goes in the URL and nowhere else (never logged). */
  readonly token: string;
  /** Where the web app serves the signing page: `/sign/<token>`. */
  readonly path: string;
  readonly expiresAt: Date;
}

/** A party may ask for a link only while the contract waits for signatures. */
export type IssueSignLinkFailure = Extract<
  SignContractFailure,
  'CONTRACT_NOT_FOUND' | 'NOT_A_PARTY' | 'CONTRACT_NOT_PENDING' | 'CONTRACT_EXPIRED'
>;

/**
 * SIGN_LINK_INVALID: not a token we issued. SIGN_LINK_USED: consumed already.
 * SIGN_LINK_EXPIRED: older than 15 minutes. Or any refusal to sign, the seller's control of the
 * game re-checked at execution included.
 */
export type SignByLinkFailure =
  | 'SIGN_LINK_INVALID'
  | 'SIGN_LINK_USED'
  | 'SIGN_LINK_EXPIRED'
  | SignContractFailure
  | RecheckFailure;

/** Issues a magic link for web signing to a party of a pending contract, audited. */
export async function issueSignLink(
  db: Database,
  clock: Clock,
  options: { contractId: string; userId: string; context: RequestContext },
): Promise<Result<IssuedSignLink, IssueSignLinkFailure>> {
  const { contractId, userId } = options;
  return db.transaction(async (tx) => {
    const contract = await findContract(tx, contractId);
    if (contract === undefined) return err('CONTRACT_NOT_FOUND' as const);
    if (userId !== contract.buyerId && userId !== contract.sellerId) {
      return err('NOT_A_PARTY' as const);
    }
    if (contract.status !== 'PENDING_SIGNATURE') return err('CONTRACT_NOT_PENDING' as const);
    const now = clock.now();
    if (contract.expiresAt.getTime() <= now.getTime()) return err('CONTRACT_EXPIRED' as const);
    const secret = newSecretToken();
    const expiresAt = new Date(now.getTime() + SIGN_LINK_TTL_MS);
    await tx.query(
      `insert into marketplace.sign_tokens (token_hash, contract_id, user_id, created_at, expires_at)
       values ($1, $2, $3, $4, $5)`,
      [secret.hash, contractId, userId, now, expiresAt],
    );
    await auditContract(tx, 'contract.sign_link.issue', contractId, options, {
      expiresAt: expiresAt.toISOString(),
    });
    return ok({ token: secret.token, path: `/sign/${secret.token}`, expiresAt });
  });
}

/** Carries a refusal out of the transaction so that the token's consumption is rolled back. */
class SignRefused extends Error {
  readonly failure: SignByLinkFailure | 'SELLER_CONTROL_UNCHECKED';

  constructor(failure: SignByLinkFailure | 'SELLER_CONTROL_UNCHECKED') {
    super(failure);
    this.failure = failure;
  }
}

/**
 * Consumes the link and signs as the user it was issued to (method WEB_SIGN), in one transaction:
 * the token is spent if and only if the signature (or its earlier twin) stands. Two uses at once
 * are serialised by the token row: the second finds it consumed. A signature that would execute
 * the contract first re-checks the seller's control with Roblox (ADR 0015).
 */
export async function signByLink(
  db: Database,
  clock: Clock,
  roblox: RobloxReader,
  options: { token: string; context: RequestContext },
): Promise<Result<SignedContract, SignByLinkFailure>> {
  const hash = hashSecretToken(options.token);
  if (hash === undefined) return err('SIGN_LINK_INVALID');
  const bound = await findLiveSignToken(db, hash, clock.now());
  // A link that cannot be used needs no re-check: the transaction says why it is refused.
  const signing = bound === undefined ? undefined : { ...bound, context: options.context };
  return signAfterRecheck(db, roblox, clock, signing, (checked) =>
    consumeAndSign(db, clock, hash, { context: options.context, sellerControlChecked: checked }),
  );
}

/** The token's consumption and the signature, both or neither. */
async function consumeAndSign(
  db: Database,
  clock: Clock,
  hash: Buffer,
  options: { context: RequestContext; sellerControlChecked: boolean },
): Promise<Result<SignedContract, SignByLinkFailure | 'SELLER_CONTROL_UNCHECKED'>> {
  try {
    return await db.transaction(async (tx) => {
      const bound = await consumeSignToken(tx, hash, clock.now());
      if (!bound.ok) throw new SignRefused(bound.error);
      const signed = await signContractIn(tx, clock, {
        ...bound.value,
        method: 'WEB_SIGN',
        ...options,
      });
      if (!signed.ok) throw new SignRefused(signed.error);
      return signed;
    });
  } catch (error) {
    if (error instanceof SignRefused) return err(error.failure);
    throw error;
  }
}

/** Whom and what an unused, unexpired link signs for, without consuming it. */
async function findLiveSignToken(
  db: Queryable,
  hash: Buffer,
  now: Date,
): Promise<{ contractId: string; userId: string } | undefined> {
  const { rows } = await db.query<{ contract_id: string; user_id: string }>(
    `select contract_id, user_id from marketplace.sign_tokens
     where token_hash = $1 and consumed_at is null and expires_at > $2`,
    [hash, now],
  );
  const row = rows[0];
  return row === undefined ? undefined : { contractId: row.contract_id, userId: row.user_id };
}

async function consumeSignToken(
  tx: Queryable,
  hash: Buffer,
  now: Date,
): Promise<
  Result<{ contractId: string; userId: string }, Extract<SignByLinkFailure, `SIGN_LINK_${string}`>>
> {
  const consumed = await tx.query<{ contract_id: string; user_id: string }>(
    `update marketplace.sign_tokens set consumed_at = $2
     where token_hash = $1 and consumed_at is null and expires_at > $2
     returning contract_id, user_id`,
    [hash, now],
  );
  const row = consumed.rows[0];
  if (row !== undefined) return ok({ contractId: row.contract_id, userId: row.user_id });
  const { rows } = await tx.query<{ consumed_at: Date | null }>(
    'select consumed_at from marketplace.sign_tokens where token_hash = $1',
    [hash],
  );
  if (rows[0] === undefined) return err('SIGN_LINK_INVALID');
  return err(rows[0].consumed_at === null ? 'SIGN_LINK_EXPIRED' : 'SIGN_LINK_USED');
}

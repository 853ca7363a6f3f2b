import type { Queryable } from '@bloxtr8/db';
import type { Result } from '@bloxtr8/platform';
import { err, newId, ok } from '@bloxtr8/platform';

/** What a wallet is registered for: where sales are paid, or where USDC refunds go. */
export type WalletPurpose = 'PAYOUT' | 'REFUND';

/** How long a trader has to sign the challenge. */
export const WALLET_CHALLENGE_TTL_MS = 10 * 60_000;

export interface WalletChallenge {
  readonly challengeId: string;
  readonly purpose: WalletPurpose;
  /** Lower case. */
  readonly address: string;
  /** The exact text to sign (EIP-191 personal_sign). */
  readonly message: string;
  readonly expiresAt: Date;
}

/** CHALLENGE_NOT_FOUND (or not this user's), CHALLENGE_EXPIRED, CHALLENGE_USED. */
export type WalletChallengeFailure = 'CHALLENGE_NOT_FOUND' | 'CHALLENGE_EXPIRED' | 'CHALLENGE_USED';

const PURPOSE_WORDS: Readonly<Record<WalletPurpose, string>> = {
  PAYOUT: 'receive my USDC payouts',
  REFUND: 'receive my USDC refunds',
};

/**
 * The message names the platform, the user, the address, what it is for, a fresh id and the
 * expiry: a signature over it proves control of the address for this registration only and can
 * be replayed nowhere else.
 */
function challengeMessage(challenge: Omit<WalletChallenge, 'message'>, userId: string): string {
  return [
    'Bloxtr8 wallet registration',
    '',
    `I control ${challenge.address} and want it to ${PURPOSE_WORDS[challenge.purpose]} on Bloxtr8.`,
    '',
    `User: ${userId}`,
    `Challenge: ${challenge.challengeId}`,
    `Expires: ${challenge.expiresAt.toISOString()}`,
  ].join('\n');
}

/** A new single-use challenge for `userId` to sign with the wallet at `address`. */
export async function issueWalletChallenge(
  tx: Queryable,
  options: {
    readonly userId: string;
    readonly purpose: WalletPurpose;
    readonly address: string;
    readonly now: Date;
  },
): Promise<WalletChallenge> {
  const base = {
    challengeId: newId(),
    purpose: options.purpose,
    address: options.address.toLowerCase(),
    expiresAt: new Date(options.now.getTime() + WALLET_CHALLENGE_TTL_MS),
  };
  const challenge = { ...base, message: challengeMessage(base, options.userId) };
  await tx.query(
    `insert into identity.wallet_challenges (id, user_id, purpose, address, message, created_at,
       expires_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      challenge.challengeId,
      options.userId,
      challenge.purpose,
      challenge.address,
      challenge.message,
      options.now,
      challenge.expiresAt,
    ],
  );
  return challenge;
}

interface ChallengeRow {
  id: string;
  purpose: WalletPurpose;
  address: string;
  message: string;
  expires_at: Date;
  used_at: Date | null;
}

/** The user's challenge, if it can still be answered. */
export async function findOpenWalletChallenge(
  db: Queryable,
  options: { readonly challengeId: string; readonly userId: string; readonly now: Date },
): Promise<Result<WalletChallenge, WalletChallengeFailure>> {
  const { rows } = await db.query<ChallengeRow>(
    `select id, purpose, address, message, expires_at, used_at from identity.wallet_challenges
     where id = $1 and user_id = $2`,
    [options.challengeId, options.userId],
  );
  const row = rows[0];
  if (row === undefined) return err('CHALLENGE_NOT_FOUND');
  if (row.used_at !== null) return err('CHALLENGE_USED');
  if (row.expires_at <= options.now) return err('CHALLENGE_EXPIRED');
  return ok({
    challengeId: row.id,
    purpose: row.purpose,
    address: row.address,
    message: row.message,
    expiresAt: row.expires_at,
  });
}

/** Uses the challenge up; false when another request used it first or it expired meanwhile. */
export async function consumeWalletChallenge(
  tx: Queryable,
  challengeId: string,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update identity.wallet_challenges set used_at = $2
     where id = $1 and used_at is null and expires_at > $2`,
    [challengeId, now],
  );
  return rowCount > 0;
}

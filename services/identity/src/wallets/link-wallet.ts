import { recordAudit } from '@bloxtr8/audit';
import type { Queryable } from '@bloxtr8/db';
import type { Result } from '@bloxtr8/platform';
import { err, newId, ok } from '@bloxtr8/platform';
import type { Hex } from 'viem';
import { verifyMessage } from 'viem';
import type { RequestContext } from '../users/user.ts';
import type { WalletChallenge, WalletPurpose } from './wallet-challenges.ts';
import { consumeWalletChallenge } from './wallet-challenges.ts';

/**
 * CHALLENGE_USED: the challenge was used (or expired) while this request ran.
 * WALLET_ALREADY_REGISTERED: the user has another wallet for this purpose (changing where money
 * goes is an admin's job). WALLET_TAKEN: the address is another user's for this purpose.
 */
export type LinkWalletFailure = 'CHALLENGE_USED' | 'WALLET_ALREADY_REGISTERED' | 'WALLET_TAKEN';

const PROVIDER: Readonly<Record<WalletPurpose, string>> = {
  PAYOUT: 'WALLET',
  REFUND: 'REFUND_WALLET',
};

/**
 * Whether `signature` is the wallet's EIP-191 signature of the challenge's message (an externally
 * owned account: contract wallets, which sign through ERC-1271, cannot register).
 */
export async function isWalletSignatureValid(
  challenge: WalletChallenge,
  signature: string,
): Promise<boolean> {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) return false;
  try {
    return await verifyMessage({
      address: challenge.address as Hex,
      message: challenge.message,
      signature: signature as Hex,
    });
  } catch {
    return false;
  }
}

/**
 * Registers a wallet whose signature was verified, in the caller's transaction: the challenge is
 * used up, the wallet linked to the user for its purpose and the registration audited. The same
 * wallet registered again is answered as it was (created false).
 */
export async function linkWallet(
  tx: Queryable,
  options: {
    readonly userId: string;
    readonly challenge: WalletChallenge;
    readonly now: Date;
    readonly context: RequestContext;
    /** The screening that cleared it (payments' record), for the audit entry. */
    readonly screeningVerdict: string;
  },
): Promise<Result<{ readonly address: string; readonly created: boolean }, LinkWalletFailure>> {
  const { userId, challenge } = options;
  if (!(await consumeWalletChallenge(tx, challenge.challengeId, options.now))) {
    return err('CHALLENGE_USED');
  }
  await tx.query('select 1 from identity.users where id = $1 for update', [userId]);
  const existing = await findWallet(tx, userId, challenge.purpose);
  if (existing !== undefined) {
    return existing === challenge.address
      ? ok({ address: existing, created: false })
      : err('WALLET_ALREADY_REGISTERED');
  }
  const inserted = await tx.query(
    `insert into identity.linked_accounts (id, user_id, provider, provider_account_id)
     values ($1, $2, $3, $4) on conflict do nothing returning id`,
    [newId(), userId, PROVIDER[challenge.purpose], challenge.address],
  );
  if (inserted.rows.length === 0) return err('WALLET_TAKEN');
  await recordAudit(tx, {
    actorType: 'USER',
    actorId: userId,
    action:
      challenge.purpose === 'PAYOUT'
        ? 'identity.payout_wallet.link'
        : 'identity.refund_wallet.link',
    subjectType: 'user',
    subjectId: userId,
    ...options.context,
    traceId: null,
    detail: {
      address: challenge.address,
      challengeId: challenge.challengeId,
      screeningVerdict: options.screeningVerdict,
    },
  });
  return ok({ address: challenge.address, created: true });
}

/** The user's wallet for `purpose`, lower case, if they registered one. */
export async function findWallet(
  db: Queryable,
  userId: string,
  purpose: WalletPurpose,
): Promise<string | undefined> {
  const { rows } = await db.query<{ provider_account_id: string }>(
    'select provider_account_id from identity.linked_accounts where user_id = $1 and provider = $2',
    [userId, PROVIDER[purpose]],
  );
  return rows[0]?.provider_account_id;
}

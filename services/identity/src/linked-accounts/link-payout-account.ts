import { recordAudit } from '@bloxtr8/audit';
import type { Queryable } from '@bloxtr8/db';
import type { Result } from '@bloxtr8/platform';
import { err, newId, ok } from '@bloxtr8/platform';
import type { RequestContext } from '../users/user.ts';

/**
 * USER_NOT_FOUND: no such user. PAYOUT_ACCOUNT_TAKEN: this Stripe account is another user's
 * (paying one seller's money into another's account must be impossible).
 */
export type LinkPayoutFailure = 'USER_NOT_FOUND' | 'PAYOUT_ACCOUNT_TAKEN';

export interface PayoutAccountLink {
  /** The user's Stripe Connect account: the one asked for, or the one they already had. */
  readonly accountId: string;
  /** False when the user had a payout account already (nothing was written). */
  readonly created: boolean;
}

/**
 * Records the user's Stripe Connect account, where their sales are paid out, with its audit
 * entry, inside the caller's transaction. A user has one payout account: when they already have
 * one, it stays and is returned (changing it would redirect money, which is an admin's job).
 */
export async function linkPayoutAccount(
  tx: Queryable,
  options: { userId: string; accountId: string; context: RequestContext },
): Promise<Result<PayoutAccountLink, LinkPayoutFailure>> {
  const { userId, accountId, context } = options;
  // The row lock serialises two links of the same user, so the second one sees the first.
  const user = await tx.query('select 1 from identity.users where id = $1 for update', [userId]);
  if (user.rows.length === 0) return err('USER_NOT_FOUND');
  const existing = await findLinkedPayoutAccount(tx, userId);
  if (existing !== undefined) return ok({ accountId: existing.accountId, created: false });
  const inserted = await tx.query(
    `insert into identity.linked_accounts (id, user_id, provider, provider_account_id)
     values ($1, $2, 'STRIPE_CONNECT', $3) on conflict do nothing returning id`,
    [newId(), userId, accountId],
  );
  // With the user locked and no link of theirs, only another user's link can conflict.
  if (inserted.rows.length === 0) return err('PAYOUT_ACCOUNT_TAKEN');
  await recordAudit(tx, {
    actorType: 'USER',
    actorId: userId,
    action: 'identity.payout_account.link',
    subjectType: 'user',
    subjectId: userId,
    ip: context.ip,
    userAgent: context.userAgent,
    requestId: context.requestId,
    traceId: null,
    detail: { provider: 'STRIPE_CONNECT', accountId },
  });
  return ok({ accountId, created: true });
}

/** The Stripe Connect account a user's sales are paid out to, if they have one. */
export async function findLinkedPayoutAccount(
  db: Queryable,
  userId: string,
): Promise<{ accountId: string } | undefined> {
  const accountId = await findPayoutDestination(db, userId, 'STRIPE');
  return accountId === undefined ? undefined : { accountId };
}

/**
 * Where a seller is paid on a rail: their Stripe connected account, or their wallet for USDC on
 * Base; undefined while they have not set one up.
 */
export async function findPayoutDestination(
  db: Queryable,
  userId: string,
  rail: 'STRIPE' | 'USDC_BASE',
): Promise<string | undefined> {
  const { rows } = await db.query<{ provider_account_id: string }>(
    `select provider_account_id from identity.linked_accounts where user_id = $1 and provider = $2`,
    [userId, rail === 'STRIPE' ? 'STRIPE_CONNECT' : 'WALLET'],
  );
  return rows[0]?.provider_account_id;
}

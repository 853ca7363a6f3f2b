import { recordAudit } from '@bloxtr8/audit';
import type { Database, Queryable } from '@bloxtr8/db';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, newId, ok } from '@bloxtr8/platform';
import type { KycTier, RequestContext } from '../users/user.ts';
import type { RobloxGrant } from './roblox-grant.ts';
import { replaceRobloxGrant } from './roblox-grant.ts';

/** The Roblox account someone proved, through Roblox's OAuth, to be theirs. */
export interface RobloxIdentity {
  readonly userId: string;
  readonly username: string;
}

/**
 * USER_NOT_FOUND: the user who started the link is gone. ROBLOX_ACCOUNT_TAKEN: this Roblox
 * account is linked to another user. ROBLOX_ALREADY_LINKED: this user has another Roblox account
 * linked (a user has one; changing it is an admin's job, since verified games hang on it).
 */
export type LinkRobloxFailure = 'USER_NOT_FOUND' | 'ROBLOX_ACCOUNT_TAKEN' | 'ROBLOX_ALREADY_LINKED';

export interface RobloxLink {
  readonly userId: string;
  readonly robloxUserId: string;
  readonly robloxUsername: string;
  /** The user's KYC tier after linking. */
  readonly tier: KycTier;
  /** False when this very account was linked already (nothing but the username refreshed). */
  readonly created: boolean;
}

/**
 * Links the Roblox account to the user and raises TIER_0 to TIER_1 (SPEC §2), with the audit
 * record and the grant the user gave (kept for later reads on their behalf), in one
 * transaction. Never lowers a tier; relinking the same account changes no tier (a tier an admin
 * lowered stays lowered) but renews the grant.
 */
export async function linkRobloxAccount(
  db: Database,
  clock: Clock,
  options: {
    userId: string;
    roblox: RobloxIdentity;
    grant: RobloxGrant | null;
    context: RequestContext;
  },
): Promise<Result<RobloxLink, LinkRobloxFailure>> {
  const { userId, roblox } = options;
  const keepGrant = (tx: Queryable) =>
    replaceRobloxGrant(tx, userId, { previous: null, next: options.grant, at: clock.now() });
  return db.transaction(async (tx) => {
    // The row lock serialises two links of the same user.
    const tier = await lockUserTier(tx, userId);
    if (tier === undefined) return err('USER_NOT_FOUND' as const);
    const before = await findLinkClash(tx, userId, roblox.userId);
    if (before === 'NONE' && (await insertLink(tx, clock, userId, roblox))) {
      await keepGrant(tx);
      return ok(await raiseTierAndAudit(tx, tier, options));
    }
    // Linked before, or another transaction linked this Roblox account a moment ago.
    const clash = before === 'NONE' ? await findLinkClash(tx, userId, roblox.userId) : before;
    if (clash === 'NONE') throw new Error('the link insert conflicted, yet no link exists');
    if (clash !== 'SAME') return err(clash);
    await tx.query(
      `update identity.linked_accounts set provider_username = $3
       where user_id = $1 and provider = 'ROBLOX' and provider_account_id = $2`,
      [userId, roblox.userId, roblox.username],
    );
    await keepGrant(tx);
    return ok(linkOf(options, tier, false));
  });
}

function linkOf(
  options: { userId: string; roblox: RobloxIdentity },
  tier: KycTier,
  created: boolean,
): RobloxLink {
  const { userId, roblox } = options;
  return { userId, robloxUserId: roblox.userId, robloxUsername: roblox.username, tier, created };
}

async function raiseTierAndAudit(
  tx: Queryable,
  tier: KycTier,
  options: { userId: string; roblox: RobloxIdentity; context: RequestContext },
): Promise<RobloxLink> {
  const raised: KycTier = tier === 'TIER_0' ? 'TIER_1' : tier;
  if (raised !== tier) {
    await tx.query(`update identity.users set kyc_tier = $2, updated_at = now() where id = $1`, [
      options.userId,
      raised,
    ]);
  }
  await recordAudit(tx, {
    actorType: 'USER',
    actorId: options.userId,
    action: 'identity.roblox.link',
    subjectType: 'user',
    subjectId: options.userId,
    ip: options.context.ip,
    userAgent: options.context.userAgent,
    requestId: options.context.requestId,
    traceId: null,
    detail: { robloxUserId: options.roblox.userId, tierFrom: tier, tierTo: raised },
  });
  return linkOf(options, raised, true);
}

async function lockUserTier(tx: Queryable, userId: string): Promise<KycTier | undefined> {
  const { rows } = await tx.query<{ kyc_tier: KycTier }>(
    'select kyc_tier from identity.users where id = $1 for update',
    [userId],
  );
  return rows[0]?.kyc_tier;
}

type LinkClash = 'NONE' | 'SAME' | 'ROBLOX_ACCOUNT_TAKEN' | 'ROBLOX_ALREADY_LINKED';

/** How an existing ROBLOX link of this user or of this Roblox account relates to the new one. */
async function findLinkClash(
  tx: Queryable,
  userId: string,
  robloxUserId: string,
): Promise<LinkClash> {
  const { rows } = await tx.query<{ user_id: string; provider_account_id: string }>(
    `select user_id, provider_account_id from identity.linked_accounts
     where provider = 'ROBLOX' and (user_id = $1 or provider_account_id = $2)`,
    [userId, robloxUserId],
  );
  if (rows.some((row) => row.provider_account_id === robloxUserId && row.user_id !== userId)) {
    return 'ROBLOX_ACCOUNT_TAKEN';
  }
  if (rows.some((row) => row.user_id === userId && row.provider_account_id !== robloxUserId)) {
    return 'ROBLOX_ALREADY_LINKED';
  }
  return rows.length === 0 ? 'NONE' : 'SAME';
}

/** False when a unique constraint stopped the insert (a concurrent link won). */
async function insertLink(
  tx: Queryable,
  clock: Clock,
  userId: string,
  roblox: RobloxIdentity,
): Promise<boolean> {
  const { rows } = await tx.query(
    `insert into identity.linked_accounts (id, user_id, provider, provider_account_id,
       provider_username, linked_at)
     values ($1, $2, 'ROBLOX', $3, $4, $5) on conflict do nothing returning id`,
    [newId(), userId, roblox.userId, roblox.username, clock.now()],
  );
  return rows.length > 0;
}

/** The Roblox account linked to a user, if any. */
export async function findLinkedRobloxAccount(
  db: Queryable,
  userId: string,
): Promise<{ robloxUserId: string; robloxUsername: string | null } | undefined> {
  const { rows } = await db.query<{
    provider_account_id: string;
    provider_username: string | null;
  }>(
    `select provider_account_id, provider_username from identity.linked_accounts
     where user_id = $1 and provider = 'ROBLOX'`,
    [userId],
  );
  const row = rows[0];
  return row === undefined
    ? undefined
    : { robloxUserId: row.provider_account_id, robloxUsername: row.provider_username };
}

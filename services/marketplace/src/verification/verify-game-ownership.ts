import { recordAudit } from '@bloxtr8/audit';
import type { Database } from '@bloxtr8/db';
import type { RequestContext } from '@bloxtr8/identity';
import { findLinkedRobloxAccount } from '@bloxtr8/identity';
import type { Clock, Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { RobloxClient, RobloxOAuth, RobloxUniverse } from '../roblox/roblox-client.ts';
import { ROBLOX_ID } from '../roblox/roblox-client.ts';
import type { RobloxGrantFailure } from '../roblox/roblox-grants.ts';
import { accessTokenFor } from '../roblox/roblox-grants.ts';
import type { GameSnapshot } from './game-snapshot.ts';
import { buildGameSnapshot, findLatestGameSnapshot, insertGameSnapshot } from './game-snapshot.ts';
import type { GroupStanding, OwnershipVerdict } from './ownership-rule.ts';
import { judgeOwnership, needsPermissions, roleInOwningGroup } from './ownership-rule.ts';
import type { GameVerification } from './verification-store.ts';
import { findFreshVerification, saveVerification } from './verification-store.ts';

/** SPEC §3.3: a verification (positive or negative) is trusted for 24 hours. */
export const VERIFICATION_TTL_MS = 24 * 3_600_000;

export interface VerifyGameOwnershipOptions {
  readonly userId: string;
  /** A Roblox universe id (decimal). */
  readonly universeId: string;
  readonly context: RequestContext;
  readonly ttlMs?: number;
  /**
   * A re-check the platform makes as a trade is about to bind the seller: Roblox is asked even
   * while a cached answer is fresh, and the audit names the platform and the moment.
   */
  readonly recheck?: OwnershipRecheck;
}

/** The moments a trade re-checks the seller's control of the game (ADR 0015). */
export type OwnershipRecheck = 'OFFER_ACCEPTANCE' | 'CONTRACT_EXECUTION';

/** What verification reads from Roblox: its public APIs, and the user's grant for the rest. */
export interface RobloxReader {
  readonly client: RobloxClient;
  readonly oauth: Pick<RobloxOAuth, 'refresh'>;
}

export interface VerifiedGame {
  readonly verification: GameVerification;
  /** The game as captured by the verification; null when not verified. */
  readonly snapshot: GameSnapshot | null;
  /** True when answered from the 24-hour cache without asking Roblox. */
  readonly fromCache: boolean;
}

/**
 * ROBLOX_NOT_LINKED: the user has no linked Roblox account. GAME_NOT_FOUND: Roblox knows no such
 * universe. ROBLOX_GRANT_MISSING: the game is a group's, and reading the user's role permissions
 * needs a grant they must renew by linking again. Otherwise Roblox could not answer
 * (RobloxFailure).
 */
export type VerifyGameFailure = 'ROBLOX_NOT_LINKED' | 'GAME_NOT_FOUND' | RobloxGrantFailure;

/**
 * Whether the user controls the universe (ADR 0012): from the cache while a verification is
 * fresh, else from Roblox. A fresh answer, positive or negative, replaces the cached one, and a
 * positive one comes with a new game snapshot; both commit together with the audit record.
 * A negative answer is a value (`verified: false`), not a failure.
 */
export async function verifyGameOwnership(
  db: Database,
  roblox: RobloxReader,
  clock: Clock,
  options: VerifyGameOwnershipOptions,
): Promise<Result<VerifiedGame, VerifyGameFailure>> {
  if (!ROBLOX_ID.test(options.universeId)) throw new Error('universeId is not a Roblox id');
  const account = await findLinkedRobloxAccount(db, options.userId);
  if (account === undefined) return err('ROBLOX_NOT_LINKED');
  const cached =
    options.recheck !== undefined
      ? undefined
      : await findFreshVerification(db, { ...options, now: clock.now() });
  if (cached !== undefined) {
    const snapshot = cached.verified
      ? await findLatestGameSnapshot(db, cached.universeId, cached.checkedAt)
      : null;
    // A positive answer without its snapshot cannot serve a listing: ask Roblox again.
    if (snapshot !== undefined) return ok({ verification: cached, snapshot, fromCache: true });
  }
  const checked = await checkWithRoblox(
    { ...roblox, db, clock },
    { userId: options.userId, robloxUserId: account.robloxUserId },
    options.universeId,
  );
  if (!checked.ok) return checked;
  const { universe, verdict, iconUrl } = checked.value;
  const checkedAt = clock.now();
  const verification: GameVerification = {
    userId: options.userId,
    universeId: options.universeId,
    verified: verdict.verified,
    method: verdict.verified ? verdict.method : null,
    groupId: verdict.verified ? verdict.groupId : null,
    checkedAt,
    expiresAt: new Date(checkedAt.getTime() + (options.ttlMs ?? VERIFICATION_TTL_MS)),
  };
  const snapshot = verdict.verified ? buildGameSnapshot(universe, iconUrl, checkedAt) : null;
  await db.transaction(async (tx) => {
    await saveVerification(tx, verification);
    if (snapshot !== null) await insertGameSnapshot(tx, snapshot);
    await recordAudit(tx, {
      actorType: options.recheck === undefined ? 'USER' : 'SYSTEM',
      actorId: options.recheck === undefined ? options.userId : null,
      action:
        options.recheck === undefined ? 'marketplace.game.verify' : 'marketplace.game.recheck',
      subjectType: 'universe',
      subjectId: options.universeId,
      ip: options.context.ip,
      userAgent: options.context.userAgent,
      requestId: options.context.requestId,
      traceId: null,
      detail: {
        userId: options.userId,
        recheck: options.recheck ?? null,
        robloxUserId: account.robloxUserId,
        verified: verification.verified,
        method: verification.method,
        groupId: verification.groupId,
        snapshotId: snapshot?.id ?? null,
      },
    });
  });
  return ok({ verification, snapshot, fromCache: false });
}

interface RobloxCheck {
  readonly universe: RobloxUniverse;
  readonly verdict: OwnershipVerdict;
  readonly iconUrl: string | null;
}

/** Asks Roblox: the universe, the user's group standing (group games only), and the icon. */
async function checkWithRoblox(
  roblox: RobloxReader & { readonly db: Database; readonly clock: Clock },
  user: { readonly userId: string; readonly robloxUserId: string },
  universeId: string,
): Promise<Result<RobloxCheck, VerifyGameFailure>> {
  const universe = await roblox.client.fetchUniverse(universeId);
  if (!universe.ok) return universe;
  if (universe.value === null) return err('GAME_NOT_FOUND');
  const { creator } = universe.value;
  let standing: GroupStanding | null = null;
  if (creator.type === 'Group') {
    const found = await groupStandingOf(roblox, user, creator);
    if (!found.ok) return found;
    standing = found.value;
  }
  const verdict = judgeOwnership(user.robloxUserId, creator, standing);
  if (!verdict.verified) return ok({ universe: universe.value, verdict, iconUrl: null });
  // The icon is decoration: a thumbnails outage must not stop a verification.
  const icon = await roblox.client.fetchGameIconUrl(universeId);
  return ok({ universe: universe.value, verdict, iconUrl: icon.ok ? icon.value : null });
}

/**
 * The user's role in the group that created the game and, unless it is the owner's, what that
 * role may do: Roblox shows a role's permissions only to its members, so they are read with the
 * user's own grant.
 */
async function groupStandingOf(
  roblox: RobloxReader & { readonly db: Database; readonly clock: Clock },
  user: { readonly userId: string; readonly robloxUserId: string },
  creator: RobloxUniverse['creator'],
): Promise<Result<GroupStanding | null, VerifyGameFailure>> {
  const roles = await roblox.client.listGroupRoles(user.robloxUserId);
  if (!roles.ok) return roles;
  const role = roleInOwningGroup(creator, roles.value);
  if (role === undefined) return ok(null);
  if (!needsPermissions(role)) return ok({ role, permissions: null });
  const token = await accessTokenFor(roblox.db, roblox.oauth, roblox.clock, user.userId);
  if (!token.ok) return token;
  const permissions = await roblox.client.fetchRolePermissions(role, token.value);
  if (!permissions.ok) return permissions;
  return ok({ role, permissions: permissions.value });
}

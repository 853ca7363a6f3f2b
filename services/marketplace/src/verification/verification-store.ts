import type { Queryable } from '@bloxtr8/db';
import { newId } from '@bloxtr8/platform';
import type { OwnershipMethod } from './ownership-rule.ts';

/** A user's proof of control of one universe (or its refusal), valid until `expiresAt`. */
export interface GameVerification {
  readonly userId: string;
  readonly universeId: string;
  readonly verified: boolean;
  /** How the user controls the game; null when not verified. */
  readonly method: OwnershipMethod | null;
  /** The owning group, for the GROUP_* methods. */
  readonly groupId: string | null;
  readonly checkedAt: Date;
  readonly expiresAt: Date;
}

interface VerificationRow {
  user_id: string;
  universe_id: string;
  verified: boolean;
  method: OwnershipMethod | null;
  group_id: string | null;
  checked_at: Date;
  expires_at: Date;
}

const VERIFICATION_COLUMNS =
  'user_id, universe_id::text, verified, method, group_id::text, checked_at, expires_at';

function verificationOf(row: VerificationRow): GameVerification {
  return {
    userId: row.user_id,
    universeId: row.universe_id,
    verified: row.verified,
    method: row.method,
    groupId: row.group_id,
    checkedAt: row.checked_at,
    expiresAt: row.expires_at,
  };
}

/** The cached verification while it is still valid at `now`. */
export async function findFreshVerification(
  db: Queryable,
  options: { userId: string; universeId: string; now: Date },
): Promise<GameVerification | undefined> {
  const { rows } = await db.query<VerificationRow>(
    `select ${VERIFICATION_COLUMNS} from marketplace.asset_verifications
     where user_id = $1 and universe_id = $2 and expires_at > $3`,
    [options.userId, options.universeId, options.now],
  );
  return rows[0] === undefined ? undefined : verificationOf(rows[0]);
}

/** Replaces the user's verification of the universe (one row per user and universe). */
export async function saveVerification(
  tx: Queryable,
  verification: GameVerification,
): Promise<void> {
  await tx.query(
    `insert into marketplace.asset_verifications (id, user_id, universe_id, verified, method,
       group_id, checked_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (user_id, universe_id) do update set verified = excluded.verified,
       method = excluded.method, group_id = excluded.group_id, checked_at = excluded.checked_at,
       expires_at = excluded.expires_at`,
    [
      newId(),
      verification.userId,
      verification.universeId,
      verification.verified,
      verification.method,
      verification.groupId,
      verification.checkedAt,
      verification.expiresAt,
    ],
  );
}

import type { Queryable } from '@bloxtr8/db';
import type { UserRow } from '../users/user-store.ts';
import { userOf } from '../users/user-store.ts';
import type { ActiveSession } from './active-session.ts';
import type { SessionTimes } from './session-rules.ts';

export interface NewSessionRow {
  readonly id: string;
  readonly familyId: string;
  readonly userId: string;
  readonly tokenHash: Buffer;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export async function insertSession(tx: Queryable, row: NewSessionRow): Promise<void> {
  await tx.query(
    `insert into identity.sessions (id, family_id, user_id, token_hash, created_at, expires_at, ip,
       user_agent)
     values ($1, $2, $3, $4, $5, $6, $7::inet, $8)`,
    [
      row.id,
      row.familyId,
      row.userId,
      row.tokenHash,
      row.createdAt,
      row.expiresAt,
      row.ip,
      row.userAgent?.slice(0, 500) ?? null,
    ],
  );
}

type SessionWithUserRow = UserRow & {
  session_id: string;
  family_id: string;
  session_created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  rotated_at: Date | null;
};

export interface StoredSession extends SessionTimes {
  readonly active: ActiveSession;
}

/** The session a token hash names, with its user; one indexed lookup per request. */
export async function findSessionByTokenHash(
  db: Queryable,
  tokenHash: Buffer,
): Promise<StoredSession | undefined> {
  const { rows } = await db.query<SessionWithUserRow>(
    `select s.id as session_id, s.family_id, s.created_at as session_created_at, s.expires_at,
       s.revoked_at, s.rotated_at, u.id, u.discord_user_id, u.discord_username, u.role, u.kyc_tier,
       u.terms_accepted_at, u.created_at
     from identity.sessions s join identity.users u on u.id = s.user_id
     where s.token_hash = $1`,
    [tokenHash],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    createdAt: row.session_created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    rotatedAt: row.rotated_at,
    active: {
      sessionId: row.session_id,
      familyId: row.family_id,
      expiresAt: row.expires_at,
      user: userOf(row),
    },
  };
}

/**
 * Takes the row lock of a session about to be rotated and says whether it is still the family's
 * current, unrevoked session: of two concurrent requests only the first rotates.
 */
export async function lockSessionForRotation(tx: Queryable, sessionId: string): Promise<boolean> {
  const { rows } = await tx.query<{ current: boolean }>(
    `select (rotated_to is null and revoked_at is null) as current
     from identity.sessions where id = $1 for update`,
    [sessionId],
  );
  return rows[0]?.current === true;
}

export async function markSessionRotated(
  tx: Queryable,
  sessionId: string,
  replacementId: string,
  at: Date,
): Promise<void> {
  await tx.query('update identity.sessions set rotated_to = $2, rotated_at = $3 where id = $1', [
    sessionId,
    replacementId,
    at,
  ]);
}

/** Revokes every session of a family that is not revoked yet; returns how many. */
export async function revokeSessionFamily(
  tx: Queryable,
  familyId: string,
  at: Date,
): Promise<number> {
  const { rowCount } = await tx.query(
    'update identity.sessions set revoked_at = $2 where family_id = $1 and revoked_at is null',
    [familyId, at],
  );
  return rowCount;
}

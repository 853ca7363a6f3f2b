import type { Queryable } from '@bloxtr8/db';

/** One thing someone did, as the audit log keeps it for seven years (SPEC §8). */
export interface AuditEntry {
  /** OPERATOR: someone running `bloxtr8` on the platform's own machines (e.g. `users grant`). */
  readonly actorType: 'USER' | 'ADMIN' | 'SYSTEM' | 'SERVICE' | 'OPERATOR';
  /** The user, for USER and ADMIN. */
  readonly actorId: string | null;
  /** Lowercase dotted verb, e.g. `escrow.release`. */
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
  readonly traceId: string | null;
  /** Ids and codes only: no secrets, no card data. */
  readonly detail: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * Appends to the audit log in the caller's transaction, so the action and its record commit
 * together. The table refuses UPDATE, DELETE and TRUNCATE.
 */
export async function recordAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.query(
    `insert into audit.audit_log (actor_type, actor_id, action, subject_type, subject_id, ip, user_agent,
       request_id, trace_id, detail)
     values ($1, $2, $3, $4, $5, $6::inet, $7, $8, $9, $10::jsonb)`,
    [
      entry.actorType,
      entry.actorId,
      entry.action,
      entry.subjectType,
      entry.subjectId,
      entry.ip,
      entry.userAgent?.slice(0, 500) ?? null,
      entry.requestId,
      entry.traceId,
      JSON.stringify(entry.detail),
    ],
  );
}

export interface AuditRecord extends AuditEntry {
  readonly id: bigint;
  readonly occurredAt: Date;
}

interface AuditRow {
  id: bigint;
  occurred_at: Date;
  actor_type: AuditEntry['actorType'];
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  trace_id: string | null;
  detail: Record<string, string | number | boolean | null>;
}

/** Which part of the log to read: in order, after `afterId`, about one subject, at most `limit`. */
export interface AuditFilter {
  readonly afterId?: bigint;
  readonly subjectId?: string;
  readonly limit: number;
}

/** Reads the log in order, after `afterId`, for an admin's export; at most `limit` entries. */
export async function readAuditLog(db: Queryable, filter: AuditFilter): Promise<AuditRecord[]> {
  const { rows } = await db.query<AuditRow>(
    `select id, occurred_at, actor_type, actor_id, action, subject_type, subject_id, host(ip) as ip,
       user_agent, request_id, trace_id, detail
     from audit.audit_log
     where id > $1 and ($2::text is null or subject_id = $2)
     order by id limit $3`,
    [filter.afterId ?? 0n, filter.subjectId ?? null, Math.min(filter.limit, 10_000)],
  );
  return rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurred_at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    traceId: row.trace_id,
    detail: row.detail,
  }));
}

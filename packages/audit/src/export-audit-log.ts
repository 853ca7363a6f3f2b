import type { Database } from '@bloxtr8/db';
import type { AuditEntry, AuditFilter, AuditRecord } from './audit-log.ts';
import { readAuditLog, recordAudit } from './audit-log.ts';

/** The admin who exports, and from where. */
export interface AuditExporter {
  readonly actorId: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
}

/**
 * Reads a page of the audit log for an admin and records that they did, with the filter they
 * used, in the same transaction: no page leaves without its own record (SPEC §8: export is an
 * audited, admin-only act). The record is written after the read, so the page never holds it.
 */
export async function exportAuditLog(
  db: Database,
  options: { readonly filter: AuditFilter; readonly exporter: AuditExporter },
): Promise<AuditRecord[]> {
  const { filter, exporter } = options;
  return db.transaction(async (tx) => {
    const entries = await readAuditLog(tx, filter);
    await recordAudit(tx, exportRecord(filter, exporter, entries.length));
    return entries;
  });
}

function exportRecord(filter: AuditFilter, exporter: AuditExporter, count: number): AuditEntry {
  return {
    actorType: 'ADMIN',
    actorId: exporter.actorId,
    action: 'audit.export',
    subjectType: 'audit_log',
    subjectId: filter.subjectId ?? '*',
    ip: exporter.ip,
    userAgent: exporter.userAgent,
    requestId: exporter.requestId,
    traceId: null,
    detail: {
      afterId: filter.afterId?.toString() ?? null,
      subjectId: filter.subjectId ?? null,
      limit: filter.limit,
      entries: count,
    },
  };
}

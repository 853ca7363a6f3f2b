export type { AuditEntry, AuditFilter, AuditRecord } from './audit-log.ts';
export { readAuditLog, recordAudit } from './audit-log.ts';
export type { AuditExporter } from './export-audit-log.ts';
export { exportAuditLog } from './export-audit-log.ts';

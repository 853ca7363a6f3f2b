export type { AuditEntry, AuditRecord } from './audit-log.ts';
export { readAuditLog, recordAudit } from './audit-log.ts';

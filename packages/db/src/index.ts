export type {
  Database,
  DatabaseDialect,
  Queryable,
  QueryResult,
  SqlParam,
  Unlisten,
} from './database.ts';
export { DatabaseUnavailableError } from './database.ts';
export type { Migration, MigrationReport } from './migrations.ts';
export { loadMigrations, MigrationError, migrate, pendingMigrations } from './migrations.ts';
export { openDatabase } from './open-database.ts';
export type { PgliteSource } from './pglite-database.ts';
export { openPglite, snapshotPglite } from './pglite-database.ts';
export type { PostgresOptions } from './postgres-database.ts';
export { describeConnectionFailure, openPostgres } from './postgres-database.ts';

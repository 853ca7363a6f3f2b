export type { TestDatabase, TestDatabaseOptions } from './test-database.ts';
export { createTestDatabase, useTestDatabase } from './test-database.ts';
export type { TestEngine } from './test-engines.ts';
export { availableTestEngines, defaultTestEngine } from './test-engines.ts';

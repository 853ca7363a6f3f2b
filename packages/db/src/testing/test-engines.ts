/**
 * Which engines the storage tests run on. PGlite always; PostgreSQL too when DATABASE_URL is set.
 * CI sets CI=true, and then a missing DATABASE_URL is an error rather than a quiet fallback.
 */
export type TestEngine = 'pglite' | 'postgres';

export function configuredAdminUrl(): string | undefined {
  const url = process.env.DATABASE_URL?.trim();
  if (url !== undefined && url !== '') return url;
  if (process.env.CI === 'true') {
    throw new Error(
      'CI=true requires DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)',
    );
  }
  return undefined;
}

/** The engine a test file gets by default: PostgreSQL when configured, PGlite otherwise. */
export function defaultTestEngine(): TestEngine {
  return configuredAdminUrl() === undefined ? 'pglite' : 'postgres';
}

/** Every engine available in this run, for suites that must hold on both. */
export function availableTestEngines(): TestEngine[] {
  return configuredAdminUrl() === undefined ? ['pglite'] : ['pglite', 'postgres'];
}

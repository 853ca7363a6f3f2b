import type { PlatformConfig } from '@bloxtr8/platform';
import type { Database } from './database.ts';
import { openPglite } from './pglite-database.ts';
import { openPostgres } from './postgres-database.ts';

/** The one connection factory: PostgreSQL when configured, the embedded PGlite otherwise. */
export function openDatabase(
  config: PlatformConfig['database'],
  options: { readonly applicationName?: string } = {},
): Promise<Database> {
  if (config.kind === 'postgres') {
    return openPostgres({
      url: config.url,
      poolMax: config.poolMax,
      ...(options.applicationName === undefined
        ? {}
        : { applicationName: options.applicationName }),
    });
  }
  return openPglite({ kind: 'directory', path: config.dataDir });
}

import type { PlatformConfig } from '@bloxtr8/platform';
import { createLogger, loadConfig } from '@bloxtr8/platform';
import type { ServiceName } from '../platform/start-platform.ts';
import { SERVICE_NAMES, startPlatform } from '../platform/start-platform.ts';
import { untilStopSignal } from '../platform/until-stop-signal.ts';

function describeDatabase(config: PlatformConfig): string {
  if (config.database.kind === 'pglite') return `embedded PGlite in ${config.database.dataDir}`;
  const url = new URL(config.database.url);
  return `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

function describeBus(config: PlatformConfig): string {
  return config.kafka.brokers === undefined
    ? 'embedded log'
    : `Kafka at ${config.kafka.brokers.join(',')}`;
}

/** Runs `services` in this process until SIGINT or SIGTERM. */
export async function runServices(services: ReadonlySet<ServiceName>): Promise<number> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, name: 'bloxtr8' });
  const platform = await startPlatform(config, logger, services);
  // Listen for the stop signal before saying so: whoever waits for the line may signal at once.
  const stopped = untilStopSignal(() => platform.stop(), logger);
  const where =
    platform.gatewayUrl === undefined ? 'running' : `listening on ${platform.gatewayUrl}`;
  console.error(
    `bloxtr8: ${where} (${[...services].join(', ')}; database: ${describeDatabase(config)}; bus: ${describeBus(config)})`,
  );
  for (const sandbox of platform.sandboxes) {
    console.error(`bloxtr8: SANDBOX ${sandbox.notice} (at ${sandbox.url})`);
  }
  return stopped;
}

/** `bloxtr8 start`: the whole platform in one process (the embedded default). */
export function runStart(_args: readonly string[]): Promise<number> {
  return runServices(new Set<ServiceName>(SERVICE_NAMES));
}

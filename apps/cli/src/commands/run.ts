import type { ServiceName } from '../platform/start-platform.ts';
import { SERVICE_NAMES } from '../platform/start-platform.ts';
import { runServices } from './start.ts';

const isServiceName = (name: string): name is ServiceName =>
  (SERVICE_NAMES as readonly string[]).includes(name);

/** `bloxtr8 run <service>…`: some services in this process, for running scaled out. */
export async function runRun(args: readonly string[]): Promise<number> {
  const unknown = args.filter((name) => !isServiceName(name));
  if (args.length === 0 || unknown.length > 0) {
    console.error(
      `bloxtr8 run: name one or more of ${SERVICE_NAMES.join(', ')}${unknown.length > 0 ? ` (not: ${unknown.join(', ')})` : ''}`,
    );
    return 64;
  }
  return runServices(new Set(args.filter(isServiceName)));
}

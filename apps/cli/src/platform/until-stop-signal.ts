import type { Logger } from '@bloxtr8/platform';

/** How long a graceful stop may take before the process gives up and exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Waits for SIGINT or SIGTERM, then stops gracefully (in-flight messages finish and commit). A
 * second signal, or a stop that hangs past the grace period, exits at once.
 */
export function untilStopSignal(stop: () => Promise<void>, logger: Logger): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.error(`bloxtr8: ${signal} again, exiting at once`);
        process.exit(1);
      }
      stopping = true;
      console.error(`bloxtr8: ${signal} received, stopping`);
      const forced = setTimeout(() => {
        console.error('bloxtr8: did not stop in time, exiting');
        process.exit(1);
      }, SHUTDOWN_GRACE_MS);
      forced.unref();
      stop().then(
        () => {
          console.error('bloxtr8: stopped');
          resolve(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

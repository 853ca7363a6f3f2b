import { sleep } from './backoff.ts';

/** Work that runs in rounds until stopped. */
export interface Repeating {
  /** Lets the round in progress, if any, finish; no round starts afterwards. */
  stop(): Promise<void>;
}

/**
 * Runs `round` at once and then `intervalMs` after each round ends, until stopped: the loop of
 * every sweeper. A round that fails goes to `onFailure` and the next one comes as usual. `round`
 * is told when stopping began, so a long round can end early.
 */
export function startRepeating(
  intervalMs: number,
  round: (stopping: AbortSignal) => Promise<void>,
  onFailure: (error: unknown) => void,
): Repeating {
  const stopping = new AbortController();
  const loop = async () => {
    while (!stopping.signal.aborted) {
      try {
        await round(stopping.signal);
      } catch (error) {
        onFailure(error);
      }
      await sleep(intervalMs, stopping.signal);
    }
  };
  const running = loop();
  return {
    async stop() {
      stopping.abort();
      await running;
    },
  };
}

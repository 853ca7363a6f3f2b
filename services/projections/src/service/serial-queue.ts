/**
 * Runs async work one piece at a time, in call order: restarts, rebuilds and stops of the
 * consumers must never overlap, or two generations could run at once.
 */
export function createSerialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };
}

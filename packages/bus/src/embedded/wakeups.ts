import type { Database, Unlisten } from '@bloxtr8/db';

/**
 * Turns database notifications into in-process wake-ups, so idle consumers sleep instead of
 * polling and still react within a millisecond of a commit. One LISTEN per channel serves every
 * waiter in the process.
 */
export class Wakeups {
  readonly #waiters = new Map<string, Set<() => void>>();
  readonly #unlisteners: Unlisten[] = [];

  async listen(db: Database, channel: string): Promise<void> {
    this.#unlisteners.push(
      await db.listen(channel, (payload) => this.notify(`${channel}/${payload}`)),
    );
  }

  notify(key: string): void {
    const waiters = this.#waiters.get(key);
    if (waiters === undefined) return;
    this.#waiters.delete(key);
    for (const wake of waiters) wake();
  }

  /** Resolves on the next notification for `key`, after `timeoutMs`, or when `signal` aborts. */
  wait(key: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted === true) {
        resolve();
        return;
      }
      const waiters = this.#waiters.get(key) ?? new Set<() => void>();
      this.#waiters.set(key, waiters);
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      waiters.add(done);
    });
  }

  async close(): Promise<void> {
    for (const unlisten of this.#unlisteners.splice(0)) await unlisten();
    for (const key of [...this.#waiters.keys()]) this.notify(key);
  }
}

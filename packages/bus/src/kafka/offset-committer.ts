import type { Logger } from '@bloxtr8/platform';
import { backoffDelayMs, sleep } from '../backoff.ts';
import type { OffsetToCommit } from './group-requests.ts';
import { tpKey } from './group-requests.ts';

export type CommitOffsets = (offsets: readonly OffsetToCommit[]) => Promise<void>;

/** Tries per batch before its offsets are given up; a later mark of the partition supersedes them. */
const MAX_ATTEMPTS = 5;
const RETRY = { initialMs: 100, maxMs: 1_000 };

/**
 * Commits what handlers finished, asynchronously and coalesced: a partition's worker marks the
 * next offset after each handled message and goes on; one commit request at a time carries the
 * newest mark of every partition. Under load, marks that arrive while a commit is in flight fold
 * into the next one. A mark is only ever made after its handler resolved, so a crash loses at
 * most the marks not yet committed, which the group delivers again (at-least-once).
 */
export class OffsetCommitter {
  readonly #commit: CommitOffsets;
  readonly #logger: Logger;
  readonly #pending = new Map<string, OffsetToCommit>();
  readonly #inFlight = new Set<string>();
  readonly #killed = new AbortController();
  #running: Promise<void> | undefined;

  constructor(commit: CommitOffsets, logger: Logger) {
    this.#commit = commit;
    this.#logger = logger;
  }

  mark(entry: OffsetToCommit): void {
    if (this.#killed.signal.aborted) return;
    const key = tpKey(entry.tp);
    const previous = this.#pending.get(key);
    if (previous === undefined || previous.offset < entry.offset) this.#pending.set(key, entry);
    this.#kick();
  }

  /** Resolves once every mark made so far (of `keys`, or of all partitions) was sent or given up. */
  async flush(keys?: ReadonlySet<string>): Promise<void> {
    const concerns = (key: string) => keys === undefined || keys.has(key);
    while (
      !this.#killed.signal.aborted &&
      [...this.#pending.keys(), ...this.#inFlight].some(concerns)
    ) {
      this.#kick();
      await this.#running;
    }
  }

  /** Forgets a partition's pending mark: the partition was lost, its offsets are no longer ours. */
  drop(key: string): void {
    this.#pending.delete(key);
  }

  /** Never commits again, not even what is pending: a killed member commits nothing more. */
  kill(): void {
    this.#killed.abort();
    this.#pending.clear();
  }

  #kick(): void {
    this.#running ??= this.#run().finally(() => {
      this.#running = undefined;
    });
  }

  async #run(): Promise<void> {
    let attempt = 0;
    while (this.#pending.size > 0 && !this.#killed.signal.aborted) {
      const batch = [...this.#pending.values()];
      this.#pending.clear();
      for (const entry of batch) this.#inFlight.add(tpKey(entry.tp));
      try {
        await this.#commit(batch);
        attempt = 0;
      } catch (error) {
        attempt += 1;
        const giveUp = attempt >= MAX_ATTEMPTS;
        // A first failure is routine (a member epoch that moved a moment ago); repeats are not.
        this.#logger[attempt === 1 ? 'debug' : 'warn'](
          { err: error, partitions: batch.map((entry) => tpKey(entry.tp)), attempt, giveUp },
          giveUp ? 'offset commit failed; giving these offsets up' : 'offset commit failed',
        );
        if (!giveUp) {
          this.#restore(batch);
          await sleep(backoffDelayMs(RETRY, attempt), this.#killed.signal);
        } else {
          attempt = 0;
        }
      } finally {
        this.#inFlight.clear();
      }
    }
  }

  /** Puts a failed batch back, unless a newer mark of the same partition arrived meanwhile. */
  #restore(batch: readonly OffsetToCommit[]): void {
    for (const entry of batch) {
      const key = tpKey(entry.tp);
      if (!this.#pending.has(key)) this.#pending.set(key, entry);
    }
  }
}

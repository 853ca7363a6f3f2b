/**
 * An append-only record that keeps the newest `capacity` entries (a ring), so a double that runs
 * for days keeps a bounded memory footprint.
 */
export class BoundedLog<Entry> {
  readonly #capacity: number;
  #entries: Entry[] = [];
  #oldest = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be >= 1');
    this.#capacity = capacity;
  }

  push(entry: Entry): void {
    if (this.#entries.length < this.#capacity) {
      this.#entries.push(entry);
      return;
    }
    this.#entries[this.#oldest] = entry;
    this.#oldest = (this.#oldest + 1) % this.#capacity;
  }

  /** Oldest first. */
  entries(): Entry[] {
    return [...this.#entries.slice(this.#oldest), ...this.#entries.slice(0, this.#oldest)];
  }

  clear(): void {
    this.#entries = [];
    this.#oldest = 0;
  }
}

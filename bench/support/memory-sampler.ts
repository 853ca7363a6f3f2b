/** Samples this process's resident memory while a benchmark runs; reports the peak. */
export class MemorySampler {
  #peakBytes = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 200) {
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), intervalMs);
    this.#timer.unref();
  }

  #sample(): void {
    this.#peakBytes = Math.max(this.#peakBytes, process.memoryUsage().rss);
  }

  /** Stops sampling; the peak resident set size in MiB. */
  stop(): number {
    clearInterval(this.#timer);
    this.#sample();
    return Math.round(this.#peakBytes / 1024 / 1024);
  }
}

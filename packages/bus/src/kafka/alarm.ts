/** A sleep that another task can cut short: the heartbeat loop's "beat now". */
export class Alarm {
  #ring: (() => void) | undefined;
  #rung = false;

  /** Resolves after `ms`, or as soon as `ring` is called (also if it was called meanwhile). */
  sleep(ms: number): Promise<void> {
    if (this.#rung) {
      this.#rung = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const ring = this;
      function done() {
        clearTimeout(timer);
        ring.#ring = undefined;
        ring.#rung = false;
        resolve();
      }
      this.#ring = done;
    });
  }

  ring(): void {
    if (this.#ring === undefined) this.#rung = true;
    else this.#ring();
  }
}

/**
 * The simulator's only source of randomness: sfc32 (Chris Doty-Humphrey's small fast counter
 * generator, 128 bits of state), seeded from one 32-bit seed. Everything a run decides comes from
 * here, so the same seed replays the same run.
 */
export class Prng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    this.#a = 0x9e3779b9;
    this.#b = 0x243f6a88;
    this.#c = 0xb7e15162;
    this.#d = seed >>> 0;
    // Mix the seed through a dozen rounds so that close seeds give unrelated streams.
    for (let round = 0; round < 12; round += 1) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + (this.next() % (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** One of `choices`, each as likely as its weight (weights ≤ 0 are never picked). */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    const live = choices.filter(([, weight]) => weight > 0);
    const total = live.reduce((sum, [, weight]) => sum + weight, 0);
    if (total <= 0) throw new Error('weighted pick from nothing');
    let ticket = (this.next() / 0x1_0000_0000) * total;
    for (const [value, weight] of live) {
      ticket -= weight;
      if (ticket < 0) return value;
    }
    return (live[live.length - 1] as readonly [T, number])[0];
  }

  /** A UUID (version 4 layout) made of this stream's bits: deterministic ids for a run. */
  uuid(): string {
    const hex = Array.from({ length: 4 }, () => this.next().toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((Number.parseInt(hex[16] ?? '0', 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

import type { DemoClient, Json } from './demo-client.ts';

/** Polls the escrow as its buyer sees it and prints each timeline entry once, in order. */
export class TimelinePrinter {
  readonly #printed: Set<string>;
  readonly #client: DemoClient;
  readonly #escrowId: string;
  readonly #say: (line: string) => void;

  constructor(
    client: DemoClient,
    escrowId: string,
    say: (line: string) => void,
    printed: ReadonlySet<string> = new Set(),
  ) {
    this.#client = client;
    this.#escrowId = escrowId;
    this.#say = say;
    this.#printed = new Set(printed);
  }

  get printed(): ReadonlySet<string> {
    return this.#printed;
  }

  async until(done: (escrow: Json) => boolean, timeoutMs = 30_000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const escrow = await this.#read();
      if (escrow !== undefined) {
        this.#print(escrow);
        if (done(escrow)) return escrow;
      }
      if (Date.now() > deadline) throw new Error(`the escrow did not get there in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async #read(): Promise<Json | undefined> {
    try {
      return await this.#client.get(`/api/escrow/${this.#escrowId}`);
    } catch {
      return undefined; // not projected yet
    }
  }

  #print(escrow: Json): void {
    for (const entry of escrow.timeline) {
      if (this.#printed.has(entry.eventId)) continue;
      this.#printed.add(entry.eventId);
      const detail = Object.entries(entry.detail)
        .filter(([, value]) => value !== null && value !== '')
        .map(([key, value]) => `${key}=${value}`)
        .join(' ');
      this.#say(`  ${entry.occurredAt.slice(11, 23)}  ${entry.eventType.padEnd(24)} ${detail}`);
    }
  }
}

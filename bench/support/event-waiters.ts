import type { Consumer, MessageBus } from '@bloxtr8/bus';
import type { TopicDefinition } from '@bloxtr8/contracts';
import { decodeEnvelope } from '@bloxtr8/contracts';
import { newId } from '@bloxtr8/platform';

const nowMs = () => performance.timeOrigin + performance.now();

/**
 * Watches a topic as an outside client would and tells when the first message caused by a given
 * event id arrives: command → event latency, measured where a caller would see it.
 */
/** When an event was decided, entered the log, and reached the observer (epoch milliseconds). */
export interface Arrival {
  readonly occurredAtMs: number;
  readonly appendedAtMs: number;
  readonly arrivedAtMs: number;
}

export class EventWaiters {
  readonly #waiting = new Map<string, (arrival: Arrival) => void>();
  /** Messages by `key/kind`, and who waits for one not seen yet. */
  readonly #seen = new Map<string, Record<string, unknown>>();
  readonly #waitingForKind = new Map<string, (message: Record<string, unknown>) => void>();
  #consumer: Consumer | undefined;
  /** Messages seen, by envelope case. */
  readonly counts = new Map<string, number>();

  static async watch(bus: MessageBus, topic: TopicDefinition): Promise<EventWaiters> {
    const waiters = new EventWaiters();
    waiters.#consumer = await bus.subscribe({
      groupId: `bench-observer.${newId()}`,
      topics: [topic.name],
      handler: async (incoming) => {
        const arrivedAtMs = nowMs();
        const decoded = decodeEnvelope(topic, incoming.value);
        if (!decoded.ok) return;
        waiters.counts.set(decoded.value.kind, (waiters.counts.get(decoded.value.kind) ?? 0) + 1);
        waiters.#record(`${incoming.key}/${decoded.value.kind}`, decoded.value.message as never);
        const resolve = waiters.#waiting.get(decoded.value.meta.causationId);
        if (resolve === undefined) return;
        waiters.#waiting.delete(decoded.value.meta.causationId);
        resolve({
          occurredAtMs: Date.parse(decoded.value.meta.occurredAt),
          appendedAtMs: incoming.timestamp.getTime(),
          arrivedAtMs,
        });
      },
    });
    return waiters;
  }

  /** Resolves with the timings of the first message whose causation id is `eventId`. */
  expect(eventId: string, timeoutMs = 60_000): Promise<Arrival> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(eventId);
        reject(new Error(`no event caused by ${eventId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting.set(eventId, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }

  #record(slot: string, message: Record<string, unknown>): void {
    this.#seen.set(slot, message);
    this.#waitingForKind.get(slot)?.(message);
    this.#waitingForKind.delete(slot);
  }

  /** Resolves with the first `kind` message for `key`, seen already or still to come. */
  keyed(key: string, kind: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    const slot = `${key}/${kind}`;
    const seen = this.#seen.get(slot);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waitingForKind.delete(slot);
        reject(new Error(`no ${kind} for ${key} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waitingForKind.set(slot, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  }

  count(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }

  async stop(): Promise<void> {
    await this.#consumer?.stop();
  }
}

export { nowMs };

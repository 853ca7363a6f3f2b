import type { Delivery, SimLog } from './sim-log.ts';
import { tpKey } from './sim-log.ts';

/** How long a partition whose handler rejected waits before it is handed the message again. */
const REDELIVERY_PAUSE_MS = 50;
const IDLE_MS = 2;

const keyOf = (delivery: Delivery) => `${delivery.member.id}|${tpKey(delivery.tp)}`;

/**
 * Lets the simulation log deliver by itself, as a broker would, for the bus conformance suite:
 * every runnable delivery in turn, whole batches, offsets committed after each, a rejected one
 * handed again after a pause. The simulator never uses it: there the scheduler decides.
 */
export function startAutopilot(log: SimLog): { stop(): Promise<void> } {
  let running = true;
  const retryAt = new Map<string, number>();
  const round = async () => {
    const now = Date.now();
    const ready = log.runnable().filter((delivery) => (retryAt.get(keyOf(delivery)) ?? 0) <= now);
    for (const delivery of ready) {
      if (!running || !delivery.member.alive || delivery.member.inFlight !== null) continue;
      const outcome = await log.deliver(delivery, delivery.member.maxBatchSize, true);
      if (outcome === 'rejected') retryAt.set(keyOf(delivery), Date.now() + REDELIVERY_PAUSE_MS);
    }
    return ready.length;
  };
  const loop = (async () => {
    while (running) {
      const handed = await round();
      await new Promise((resolve) => setTimeout(resolve, handed === 0 ? IDLE_MS : 0));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

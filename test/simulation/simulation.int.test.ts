import { createTestDatabase } from '@bloxtr8/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdoptBlindProxy } from './adopt-blind-proxy.ts';
import { runSimulation } from './run-simulation.ts';
import { openSimResources } from './sim-resources.ts';
import type { SimResources } from './sim-world.ts';

/** Seeds per `npm test`; `npm run sim -- --seeds N` runs as many as asked. */
const CI_SEEDS = Number(process.env.BLOXTR8_SIM_SEEDS ?? 40);
const TRADES = 4;

/** Seeds that once found a bug, kept so that it stays fixed. */
const REGRESSION_SEEDS = [
  // Open disputes younger than the alert period were swept (and refused) at every pass.
  110,
  // A buyer who paid another amount, then the escrow was cancelled: the late-payment refund
  // returned the terms' amount, not what was paid, and the difference stayed unbooked.
  513,
  // A late payment's refund whose answer was lost until retries ran out, replayed a day later:
  // the new request was refused as already refunded and the payment stayed booked as held.
  7010,
  // A half-open circuit whose trial call met Stripe's 409 (request in progress) stayed half-open
  // with its trial "in flight" for ever: every payment call failed as CIRCUIT_OPEN.
  1000035,
];

/** Where the check of the broken variant starts; fixed, so the check is deterministic. */
const MUTATION_FIRST_SEED = 7000;

describe('deterministic simulation of escrow, payments and projections', () => {
  let resources: SimResources & { close(): Promise<void> };
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const test = await createTestDatabase();
    drop = test.drop;
    resources = await openSimResources(test.db);
  }, 60_000);
  afterAll(async () => {
    await resources?.close();
    await drop?.();
  });

  it('replays a seed exactly: the same seed twice gives the same trace', async () => {
    const first = await runSimulation(resources, { seed: 4242, trades: TRADES });
    const second = await runSimulation(resources, { seed: 4242, trades: TRADES });
    expect(second.trace).toEqual(first.trace);
    expect(first.trace.length).toBeGreaterThan(100);
  }, 120_000);

  it.each(REGRESSION_SEEDS)(
    'keeps the invariants on regression seed %i',
    async (seed) => {
      const result = await runSimulation(resources, { seed, trades: TRADES });
      expect(result.violations, result.trace.slice(-30).join('\n')).toEqual([]);
    },
    120_000,
  );

  it(`catches a payments service that skips adopting what Stripe already did, within ${CI_SEEDS} seeds`, async () => {
    // The simulator must not rot into a check that always passes: with lookups blinded, money
    // moves twice (or is booked wrongly) on some seed, and an invariant must say so.
    const proxy = await startAdoptBlindProxy(resources.double.port);
    const broken = { ...resources, stripePort: proxy.port };
    try {
      let caught: string[] = [];
      for (let seed = MUTATION_FIRST_SEED; seed < MUTATION_FIRST_SEED + CI_SEEDS; seed += 1) {
        caught = (await runSimulation(broken, { seed, trades: TRADES })).violations;
        if (caught.length > 0) break;
      }
      expect(caught.join('\n')).toMatch(
        /provider holds|transfers at the provider|refunds at the provider|both a transfer and a refund/,
      );
    } finally {
      await proxy.close();
    }
  }, 600_000);

  it(`keeps every invariant over ${CI_SEEDS} random seeds`, async () => {
    // Fixed by default so that a change is judged on the same runs every time; `npm run sim`
    // (and BLOXTR8_SIM_FIRST_SEED=random here) explores new seeds.
    const chosen = process.env.BLOXTR8_SIM_FIRST_SEED ?? '1000000';
    const base = chosen === 'random' ? Math.floor(Math.random() * 2 ** 30) : Number(chosen);
    const failures: string[] = [];
    for (let index = 0; index < CI_SEEDS; index += 1) {
      const result = await runSimulation(resources, { seed: base + index, trades: TRADES });
      if (result.violations.length > 0) {
        failures.push(
          `seed ${result.seed} (npm run sim -- --seed ${result.seed} --trades ${TRADES}):\n  ${result.violations.join('\n  ')}`,
        );
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});

import { parseArgs } from 'node:util';
import { runSimulation } from './run-simulation.ts';
import { openSimDatabase, openSimResources } from './sim-resources.ts';

/**
 * `npm run sim -- --seeds N [--seed S] [--trades K]`: runs seeds S, S+1, … S+N-1 (S random unless
 * given), prints each failing seed with its violations and trace, and runs per second. Exit code 1
 * when any seed failed. `--seed S` alone replays that one seed and prints its trace.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string' },
      seed: { type: 'string' },
      trades: { type: 'string', default: '6' },
      trace: { type: 'boolean', default: false },
    },
  });
  const first =
    values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  const count = Number(values.seeds ?? (values.seed === undefined ? '100' : '1'));
  const trades = Number(values.trades);
  const database = await openSimDatabase(process.env.DATABASE_URL);
  const resources = await openSimResources(database.db);
  const failed: number[] = [];
  const startedMs = Date.now();
  try {
    for (let index = 0; index < count; index += 1) {
      const seed = (first + index) >>> 0;
      const result = await runSimulation(resources, { seed, trades });
      const showTrace = values.trace || count === 1;
      if (result.violations.length > 0) {
        failed.push(seed);
        console.log(`seed ${seed} FAILED:\n  ${result.violations.join('\n  ')}`);
        console.log(
          `  trace (last 40 of ${result.trace.length} steps):\n    ${result.trace.slice(-40).join('\n    ')}`,
        );
      } else if (showTrace) {
        console.log(`seed ${seed} passed:\n    ${result.trace.join('\n    ')}`);
      }
      if ((index + 1) % 100 === 0) progress(index + 1, failed.length, startedMs);
    }
  } finally {
    await resources.close();
    await database.close();
  }
  progress(count, failed.length, startedMs);
  if (failed.length > 0)
    console.log(
      `failing seeds: ${failed.join(' ')} (replay: npm run sim -- --seed S --trades ${trades})`,
    );
  return failed.length > 0 ? 1 : 0;
}

function progress(runs: number, failures: number, startedMs: number): void {
  const seconds = (Date.now() - startedMs) / 1000;
  console.log(
    `${runs} runs, ${failures} failed, ${(runs / seconds).toFixed(2)} runs/s (${seconds.toFixed(0)} s)`,
  );
}

process.exitCode = await main();

import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { MessageBus } from '@bloxtr8/bus';
import { catalogTopicSpecs, EmbeddedBus } from '@bloxtr8/bus';
import { TOPICS } from '@bloxtr8/contracts';
import { DEFAULT_ESCROW_POLICY, startEscrowService } from '@bloxtr8/escrow';
import { createLogger, loadConfig } from '@bloxtr8/platform';
import { percentile } from './latency-stats.ts';
import type { BenchDatabase } from './support/bench-database.ts';
import { openBenchDatabase } from './support/bench-database.ts';
import { openBenchKafka } from './support/bench-kafka.ts';
import type { BenchEscrow } from './support/escrow-inputs.ts';
import { escrowInputs, newBenchEscrow } from './support/escrow-inputs.ts';
import { EventWaiters, nowMs } from './support/event-waiters.ts';
import { runFullLifecycles } from './support/full-lifecycles.ts';
import { MemorySampler } from './support/memory-sampler.ts';
import { pgbenchSingleRowUpdateTps } from './support/pgbench.ts';

/**
 * The escrow core under load (SPEC §8). Phase 1 drives the escrow service alone through complete
 * lifecycles (create, funded, delivered, release, transferred: five inputs each), `--concurrency`
 * escrows at a time, and measures command → event latency where a client sees the event. Phase 2
 * runs full lifecycles through payments, the Stripe sandbox and signed webhooks. On PostgreSQL it
 * also measures pgbench's single-row update rate on the same server, for the ratio SPEC §8 asks.
 * Usage: npm run bench:escrow -- [--escrows 2000] [--concurrency 64] [--full 100]
 * [--adapters embedded,kafka]. DATABASE_URL selects PostgreSQL (PGlite otherwise); Kafka comes
 * from KAFKA_BROKERS or the development broker.
 */
const { values } = parseArgs({
  options: {
    escrows: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '64' },
    full: { type: 'string', default: '100' },
    adapters: { type: 'string', default: 'embedded,kafka' },
  },
});
const ESCROWS = Number(values.escrows);
const CONCURRENCY = Number(values.concurrency);
const FULL_LIFECYCLES = Number(values.full);
const config = loadConfig(process.env);
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });

interface CoreResult {
  readonly label: string;
  readonly escrows: number;
  readonly inputs: number;
  readonly transitions: number;
  readonly elapsedMs: number;
  readonly latenciesMs: number[];
  /** The same latency split into hops: to the decision, on to the log, on to the observer. */
  readonly hopsMs: { decided: number[]; logged: number[]; observed: number[] };
  readonly peakRssMiB: number;
}

type Hops = CoreResult['hopsMs'];

const noHops = (): Hops => ({ decided: [], logged: [], observed: [] });

async function driveOne(
  bus: MessageBus,
  waiters: EventWaiters,
  escrow: BenchEscrow,
  latencies: number[],
  hops: Hops,
) {
  for (const next of escrowInputs(escrow)) {
    const input = next();
    const arrived = waiters.expect(input.eventId);
    const sentAtMs = nowMs();
    await bus.publish([input.message]);
    const arrival = await arrived;
    latencies.push(arrival.arrivedAtMs - sentAtMs);
    hops.decided.push(arrival.occurredAtMs - sentAtMs);
    hops.logged.push(arrival.appendedAtMs - arrival.occurredAtMs);
    hops.observed.push(arrival.arrivedAtMs - arrival.appendedAtMs);
  }
}

async function runCore(
  label: string,
  database: BenchDatabase,
  serviceBus: MessageBus,
  bus: MessageBus,
): Promise<CoreResult> {
  const escrow = await startEscrowService({
    db: database.db,
    bus: serviceBus,
    logger,
    sweeper: { intervalMs: 3_600_000 },
  });
  const waiters = await EventWaiters.watch(bus, TOPICS.escrowEvents);
  const fee = BigInt(DEFAULT_ESCROW_POLICY.platformFeeBps);
  const warmup = Array.from({ length: Math.min(50, CONCURRENCY) }, () => newBenchEscrow(fee));
  await Promise.all(warmup.map((e) => driveOne(bus, waiters, e, [], noHops())));
  const transitionsBefore = [...waiters.counts.values()].reduce((a, b) => a + b, 0);
  const queue = Array.from({ length: ESCROWS }, () => newBenchEscrow(fee));
  const latencies: number[] = [];
  const hops = noHops();
  const memory = new MemorySampler();
  const started = nowMs();
  const worker = async () => {
    for (let next = queue.pop(); next !== undefined; next = queue.pop())
      await driveOne(bus, waiters, next, latencies, hops);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsedMs = nowMs() - started;
  const peakRssMiB = memory.stop();
  const transitions = [...waiters.counts.values()].reduce((a, b) => a + b, 0) - transitionsBefore;
  if (waiters.count('escrowCommandRejected') > 0)
    throw new Error('the benchmark drove an escrow into a refusal');
  await waiters.stop();
  await escrow.stop();
  return {
    label,
    escrows: ESCROWS,
    inputs: ESCROWS * 5,
    transitions,
    elapsedMs,
    latenciesMs: latencies,
    hopsMs: hops,
    peakRssMiB,
  };
}

function report(result: CoreResult): void {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const perSecond = (count: number) => Math.round((count / result.elapsedMs) * 1000);
  console.log(`\n${result.label}: ${result.escrows} escrows, ${CONCURRENCY} at a time`);
  console.log(
    `  escrow commands/s          ${perSecond(result.inputs)}   (target ≥ 2000; embedded ≥ 500)`,
  );
  console.log(`  escrow transitions/s       ${perSecond(result.transitions)}`);
  console.log(`  completed escrows/s        ${perSecond(result.escrows)}`);
  console.log(
    `  command → event ms         p50 ${percentile(sorted, 0.5).toFixed(1)}  p95 ${percentile(sorted, 0.95).toFixed(1)}  p99 ${percentile(sorted, 0.99).toFixed(1)}   (target p95 ≤ 25, p99 ≤ 60)`,
  );
  const p = (samples: number[], q: number) =>
    percentile(
      [...samples].sort((a, b) => a - b),
      q,
    ).toFixed(1);
  const hop = (name: string, samples: number[]) =>
    console.log(`    ${name.padEnd(24)} p50 ${p(samples, 0.5)}  p95 ${p(samples, 0.95)}`);
  console.log('  where the time goes (ms):');
  hop('to the decision', result.hopsMs.decided);
  hop('decision → in the log', result.hopsMs.logged);
  hop('in the log → observed', result.hopsMs.observed);
  console.log(`  peak RSS of this process   ${result.peakRssMiB} MiB`);
}

/** A bus of the chosen kind on a fresh database, with the catalog's topics; closed after use. */
interface Stage {
  readonly label: string;
  readonly database: BenchDatabase;
  /** The services' bus. */
  readonly bus: MessageBus;
  /**
   * The load generator's and observer's own client of the same log, as a separate process (the
   * gateway) would have, so they do not share the services' producer.
   */
  readonly client: MessageBus;
  close(): Promise<void>;
}

async function embeddedStage(): Promise<Stage> {
  const database = await openBenchDatabase(config);
  const bus = await EmbeddedBus.open(database.db, logger, { retentionSweepMs: 0 });
  await bus.ensureTopics(catalogTopicSpecs());
  const client = await EmbeddedBus.open(database.db, logger, { retentionSweepMs: 0 });
  return {
    label: `embedded log on ${database.engine}`,
    database,
    bus,
    client,
    async close() {
      await client.close();
      await bus.close();
      await database.close();
    },
  };
}

async function kafkaStage(): Promise<Stage | undefined> {
  const prefix = `bench${randomBytes(4).toString('hex')}.`;
  const kafka = await openBenchKafka(config, logger, prefix);
  if (kafka === undefined) return undefined;
  await kafka.bus.provisionTopics(catalogTopicSpecs(), kafka.replication);
  const database = await openBenchDatabase(config);
  return {
    label: `Kafka with ${database.engine}`,
    database,
    bus: kafka.bus,
    client: await kafka.openClient(),
    async close() {
      await database.close();
      await kafka.close(catalogTopicSpecs().map((spec) => `${prefix}${spec.name}`));
    },
  };
}

/** Each phase on a fresh database and bus, so no phase sees another's messages. */
async function inStage<T>(
  open: () => Promise<Stage | undefined>,
  work: (stage: Stage) => Promise<T>,
): Promise<T | undefined> {
  const stage = await open();
  if (stage === undefined) return undefined;
  try {
    return await work(stage);
  } finally {
    await stage.close();
  }
}

async function main(): Promise<void> {
  const adapters = new Set(values.adapters.split(','));
  const stages = [
    ['embedded', embeddedStage],
    ['kafka', kafkaStage],
  ] as const;
  for (const [name, open] of stages) {
    if (!adapters.has(name)) continue;
    const core = await inStage(open, (stage) =>
      runCore(stage.label, stage.database, stage.bus, stage.client),
    );
    if (core === undefined) continue;
    report(core);
    await inStage(open, async (stage) => {
      console.log(
        await runFullLifecycles({
          ...stage,
          db: stage.database.db,
          logger,
          count: FULL_LIFECYCLES,
        }),
      );
    });
    if (name === 'kafka') await comparePgbench((core.transitions / core.elapsedMs) * 1000);
  }
}

/** pgbench on a fresh database of the same PostgreSQL server (nothing to compare with on PGlite). */
async function comparePgbench(transitionsPerSecond: number): Promise<void> {
  if (config.database.kind !== 'postgres') return;
  const database = await openBenchDatabase(config);
  const tps = await pgbenchSingleRowUpdateTps(database.url ?? '').finally(() => database.close());
  if (tps === undefined) {
    console.log('\npgbench is not installed; no database ceiling to compare with');
    return;
  }
  const ratio = (transitionsPerSecond / tps) * 100;
  console.log(`\npgbench single-row update TPS on this server: ${Math.round(tps)}`);
  console.log(
    `escrow transitions/s as a share of it:        ${ratio.toFixed(0)} %   (target ≥ 50 %)`,
  );
}

main().catch((error: unknown) => {
  console.error('bench: failed', error);
  process.exitCode = 1;
});

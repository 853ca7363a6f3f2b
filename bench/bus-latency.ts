import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { MessageBus, OutgoingMessage } from '@bloxtr8/bus';
import { EmbeddedBus } from '@bloxtr8/bus';
import { createLogger, loadConfig } from '@bloxtr8/platform';
import type { BenchResult } from './latency-stats.ts';
import { formatResults } from './latency-stats.ts';
import { openBenchDatabase } from './support/bench-database.ts';
import { openBenchKafka } from './support/bench-kafka.ts';

/**
 * Publish-to-handle latency and throughput of both bus adapters under the same load: several
 * publishers sending batches (as outbox relays do) while one consumer-group member handles every
 * partition. Usage: npm run bench:bus -- [--messages 20000] [--batch 50] [--publishers 4]
 * [--rate 0] [--adapters embedded,kafka]. `--rate` paces publishing at that many messages per
 * second in all (0: as fast as the bus takes them, so latency includes queueing). Embedded runs on PGlite, or PostgreSQL when DATABASE_URL is set;
 * Kafka on KAFKA_BROKERS, or on the dev broker scripts/kafka/kafka starts.
 */
const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '50' },
    publishers: { type: 'string', default: '4' },
    rate: { type: 'string', default: '0' },
    adapters: { type: 'string', default: 'embedded,kafka' },
  },
});
const settings = {
  messages: Number(values.messages),
  batch: Number(values.batch),
  publishers: Number(values.publishers),
  ratePerSecond: Number(values.rate),
};
const WARMUP_MESSAGES = 500;
const KEYS = 1_000;
const VALUE_BYTES = 256;
const PARTITIONS = 12;
const COMPLETION_TIMEOUT_MS = 10 * 60_000;
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
const config = loadConfig(process.env);

interface Target {
  readonly name: string;
  readonly bus: MessageBus;
  createTopic(name: string): Promise<void>;
  close(): Promise<void>;
}

const nowMs = () => performance.timeOrigin + performance.now();

function message(topic: string, seq: number, phase: string): OutgoingMessage {
  return {
    topic,
    key: `escrow-${seq % KEYS}`,
    value: randomBytes(VALUE_BYTES),
    headers: {
      traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
      'x-seq': String(seq),
      'x-phase': phase,
      'x-sent-at': String(nowMs()),
    },
  };
}

async function publishAll(bus: MessageBus, topic: string, total: number, phase: string) {
  let next = 0;
  const startedAt = nowMs();
  const publisher = async () => {
    while (next < total) {
      const first = next;
      if (settings.ratePerSecond > 0) {
        const dueAt = startedAt + (first / settings.ratePerSecond) * 1000;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt - nowMs())));
      }
      next = Math.min(total, next + settings.batch);
      const batch = [];
      for (let seq = first; seq < next; seq += 1) batch.push(message(topic, seq, phase));
      await bus.publish(batch);
    }
  };
  await Promise.all(Array.from({ length: settings.publishers }, publisher));
}

async function run(target: Target): Promise<BenchResult> {
  // Letters only: the embedded log accepts topic names of the catalog's shape alone.
  const letters = [...randomBytes(10)].map((byte) => String.fromCharCode(97 + (byte % 26)));
  const topic = `bench.${letters.join('')}.v1`;
  await target.createTopic(topic);
  const seen = { warmup: new Set<string>(), measure: new Set<string>() };
  const latenciesMs: number[] = [];
  let lastHandledAt = 0;
  const consumer = await target.bus.subscribe({
    groupId: `bench-${topic}`,
    topics: [topic],
    handler: async (incoming) => {
      const phase = incoming.headers['x-phase'] === 'measure' ? seen.measure : seen.warmup;
      const seq = incoming.headers['x-seq'] ?? '';
      if (phase.has(seq)) return;
      phase.add(seq);
      if (phase === seen.measure) {
        lastHandledAt = nowMs();
        latenciesMs.push(lastHandledAt - Number(incoming.headers['x-sent-at']));
      }
    },
  });
  await publishAll(target.bus, topic, WARMUP_MESSAGES, 'warmup');
  await until(() => seen.warmup.size === WARMUP_MESSAGES);
  const startedAt = nowMs();
  await publishAll(target.bus, topic, settings.messages, 'measure');
  await until(() => seen.measure.size === settings.messages);
  await consumer.stop();
  return {
    adapter: target.name,
    messages: settings.messages,
    batch: settings.batch,
    elapsedMs: lastHandledAt - startedAt,
    latenciesMs,
  };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + COMPLETION_TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the consumer did not handle every message in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function embeddedTarget(): Promise<Target> {
  const database = await openBenchDatabase(config, 10);
  const bus = await EmbeddedBus.open(database.db, logger, { retentionSweepMs: 0 });
  return {
    name: `embedded (${database.engine})`,
    bus,
    createTopic: (name) =>
      bus.ensureTopics([{ name, partitions: PARTITIONS, retentionMs: 3_600_000 }]),
    async close() {
      await bus.close();
      await database.close();
    },
  };
}

async function kafkaTarget(): Promise<Target | undefined> {
  const kafka = await openBenchKafka(config, logger);
  if (kafka === undefined) return undefined;
  const topics: string[] = [];
  return {
    name: `kafka (${kafka.brokers.join(',')})`,
    bus: kafka.bus,
    async createTopic(name) {
      topics.push(name);
      await kafka.bus.provisionTopics(
        [{ name, partitions: PARTITIONS, retentionMs: 3_600_000, cleanupPolicy: 'delete' }],
        kafka.replication,
      );
    },
    close: () => kafka.close(topics),
  };
}

async function main(): Promise<void> {
  const adapters = new Set(values.adapters.split(','));
  const results: BenchResult[] = [];
  const factories = [
    ['embedded', embeddedTarget],
    ['kafka', kafkaTarget],
  ] as const;
  for (const [name, open] of factories) {
    if (!adapters.has(name)) continue;
    const target = await open();
    if (target === undefined) continue;
    console.error(`bench: ${target.name}: ${settings.messages} messages ...`);
    try {
      results.push(await run(target));
    } finally {
      await target.close();
    }
  }
  const pace = settings.ratePerSecond > 0 ? `${settings.ratePerSecond} msg/s` : 'unthrottled';
  console.log(
    `\nbus latency (${pace}): ${settings.publishers} publishers, batches of ${settings.batch}, ${PARTITIONS} partitions, ` +
      `${VALUE_BYTES}-byte values, one consumer-group member; latency = publish call to handler start\n`,
  );
  console.log(formatResults(results));
}

await main();

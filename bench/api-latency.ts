import { parseArgs } from 'node:util';
import { buildServer, startEscrowApi } from '@bloxtr8/api';
import type { OutgoingMessage } from '@bloxtr8/bus';
import { EmbeddedBus } from '@bloxtr8/bus';
import { allTopicDefinitions } from '@bloxtr8/contracts';
import { startEscrowService } from '@bloxtr8/escrow';
import { createLogger, loadConfig, newId, systemClock } from '@bloxtr8/platform';
import { startProjectionsService } from '@bloxtr8/projections';
import { botHeaders, signUpUser, testIdentityGateway } from '@bloxtr8/test-support/platform';
import { percentile } from './latency-stats.ts';
import { openBenchDatabase } from './support/bench-database.ts';
import { escrowInputs } from './support/escrow-inputs.ts';
import type { HttpLoadResult } from './support/http-load.ts';
import { runHttpLoad } from './support/http-load.ts';
import { MemorySampler } from './support/memory-sampler.ts';

/**
 * The gateway under load (SPEC §8): `GET /api/escrow/:id` queries per second with p50/p95/p99, and
 * the mutation → 202 latency while commands are accepted concurrently. Escrows are seeded through
 * the real escrow and projections services; requests go over HTTP from a worker thread with the
 * bot credential through the real authenticator.
 * Usage: npm run bench:api -- [--escrows 1000] [--concurrency 64] [--seconds 10]
 * DATABASE_URL selects PostgreSQL (PGlite otherwise).
 */
const { values } = parseArgs({
  options: {
    escrows: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '64' },
    seconds: { type: 'string', default: '10' },
  },
});
const ESCROWS = Number(values.escrows);
const CONCURRENCY = Number(values.concurrency);
const DURATION_MS = Number(values.seconds) * 1000;
const config = loadConfig(process.env);
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });

const database = await openBenchDatabase(config, 20);
const { db } = database;
const bus = await EmbeddedBus.open(db, logger);
await bus.ensureTopics(allTopicDefinitions());
const escrow = await startEscrowService({ db, bus, logger, sweeper: { intervalMs: 3_600_000 } });
const projections = await startProjectionsService({ db, bus, logger });
const escrowApi = await startEscrowApi({ db, bus, logger, clock: systemClock });
const identity = testIdentityGateway(db);
const server = await buildServer({
  db,
  logger,
  authenticator: identity.authenticator,
  routes: [...(identity.routes ?? []), ...escrowApi.routes],
});
const origin = await server.listen({ host: '127.0.0.1', port: 0 });

const buyer = await signUpUser(db, { tier: 'TIER_1' });
const seller = await signUpUser(db, { tier: 'TIER_1' });
const seeded = Array.from({ length: ESCROWS }, () => ({
  escrowId: newId(),
  buyerId: buyer.userId,
  sellerId: seller.userId,
  amountMinor: 250_000n,
  feeMinor: 12_500n,
}));
const escrowIds = seeded.map((one) => one.escrowId);

async function projected(state: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int as n from projections.escrow_views where state = $1',
      [state],
    );
    if ((rows[0]?.n ?? 0) >= ESCROWS) return;
    if (Date.now() > deadline) throw new Error(`escrows did not reach ${state} within 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// Created, then funded: a view with a short timeline, as most live escrows have. The two inputs
// travel on two topics, so the second waits until the first was applied.
for (const step of [0, 1]) {
  for (let from = 0; from < ESCROWS; from += 200) {
    const batch = seeded.slice(from, from + 200);
    await bus.publish(
      batch.map((one) => (escrowInputs(one)[step] as () => { message: OutgoingMessage })().message),
    );
  }
  await projected(step === 0 ? 'AWAIT_FUNDS' : 'FUNDS_HELD');
}

const memory = new MemorySampler();
const headers = botHeaders(buyer.discordUserId);
const queries = await runHttpLoad(
  {
    origin,
    method: 'GET',
    paths: escrowIds.map((id) => `/api/escrow/${id}`),
    headers,
    concurrency: CONCURRENCY,
    durationMs: DURATION_MS,
  },
  200,
);
// A release while funds are held is sent (202) and then refused by the escrow: the load measures
// the gateway's acceptance (record, outbox, audit) without moving money.
const mutations = await runHttpLoad(
  {
    origin,
    method: 'POST',
    paths: escrowIds.map((id) => `/api/escrow/${id}/release`),
    headers,
    concurrency: Math.min(CONCURRENCY, 32),
    durationMs: DURATION_MS,
  },
  202,
);

function row(label: string, result: HttpLoadResult): string {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const fixed = (value: number) => value.toFixed(2).padStart(8);
  const rate = Math.round((result.requests / result.elapsedMs) * 1000);
  const odd = Object.entries(result.unexpected)
    .map(([status, n]) => `${n}×${status}`)
    .join(' ');
  return `${label.padEnd(28)} ${String(result.requests).padStart(8)} ${String(rate).padStart(7)} ${fixed(percentile(sorted, 0.5))} ${fixed(percentile(sorted, 0.95))} ${fixed(percentile(sorted, 0.99))}  ${odd}`;
}

console.log(
  `\nGateway benchmark on ${database.engine}, ${ESCROWS} escrows, concurrency ${CONCURRENCY}, ${DURATION_MS / 1000} s per phase`,
);
console.log(
  `${'phase'.padEnd(28)} ${'requests'.padStart(8)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  unexpected`,
);
console.log(row('GET /api/escrow/:id', queries));
console.log(row('POST …/release → 202', mutations));
console.log(
  `peak RSS of this process (gateway, escrow and projections services; load from a worker thread): ${memory.stop()} MiB`,
);
console.log(
  'targets (SPEC §8): GET /api/escrow/:id ≥ 10,000 req/s with p95 ≤ 5 ms; one service process ≤ 256 MiB RSS',
);

await server.close();
await escrowApi.stop();
await projections.stop();
await escrow.stop();
await bus.close();
await database.close();

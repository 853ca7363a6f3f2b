import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  hasJava,
  startKafkaCluster,
  startKafkaNode,
  stopKafkaCluster,
  stopKafkaNode,
} from '@bloxtr8/bus/testing';
import type { Database } from '@bloxtr8/db';
import { openPostgres } from '@bloxtr8/db';
import { loadEscrow } from '@bloxtr8/escrow';
import { StripeDoubleControl } from '@bloxtr8/sandbox/stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoClient } from '../../apps/cli/src/demo/demo-client.ts';
import type { FundedTrade } from '../../apps/cli/src/demo/run-demo-trade.ts';
import { fundDemoTrade } from '../../apps/cli/src/demo/run-demo-trade.ts';
import { readSandboxManifest } from '../../apps/cli/src/platform/sandbox-manifest.ts';
import { startCli } from '../../apps/cli/src/run-cli.ts';
import { checkInvariants } from '../simulation/invariants.ts';
import { PrivatePostgres, postgresBinaries } from './support/private-postgres.ts';

const bin = postgresBinaries();
const canRun = hasJava() && bin !== undefined;
if (!canRun) {
  if (process.env.CI === 'true') throw new Error('CI=true requires Java and PostgreSQL binaries');
  console.warn('process-kill.e2e: SKIPPED without Java (Kafka) or the PostgreSQL binaries');
}
const TRADES = 3;

async function freePort(pair = false): Promise<number> {
  for (;;) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    await new Promise((resolve) => server.close(resolve));
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    if (!pair || port < 65_000) return port;
  }
}

/** Tries `work` until it succeeds: processes are being killed under it. */
async function persist<T>(what: string, work: () => Promise<T>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

function readEnvFile(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/**
 * Jepsen-style: the services of `bloxtr8 run` as real processes on a private PostgreSQL and a
 * private Kafka, trades in flight, SIGKILL of escrow, payments and the gateway at awkward moments,
 * a broker restart and a PostgreSQL restart; then every trade completes and the simulator's
 * invariants hold on what the processes wrote and what the Stripe sandbox did.
 */
describe.skipIf(!canRun)('process kills on real Kafka and PostgreSQL', () => {
  const cluster = `kill${randomBytes(3).toString('hex')}`;
  const dirs: string[] = [];
  const running = new Map<string, ReturnType<typeof startCli>>();
  let postgres: PrivatePostgres;
  let brokers = '';
  let db: Database;
  let env: Record<string, string> = {};
  const dir = () => {
    const made = mkdtempSync(join(tmpdir(), 'bloxtr8-kill-'));
    dirs.push(made);
    return made;
  };
  const dataDirs = new Map<string, string>();
  const start = (name: string, extra: Record<string, string> = {}) => {
    if (!dataDirs.has(name)) dataDirs.set(name, dir());
    const process = startCli(['run', ...name.split(' ')], {
      ...env,
      BLOXTR8_DATA_DIR: dataDirs.get(name) ?? '',
      ...extra,
    });
    running.set(name, process);
    return process;
  };
  const kill9 = async (name: string) => {
    const process = running.get(name);
    process?.child.kill('SIGKILL');
    await process?.finished;
  };

  beforeAll(async () => {
    postgres = new PrivatePostgres(bin ?? '', await freePort());
    postgres.start();
    // The controller listens on the next port, which may be taken: try a few.
    brokers = await persist(
      'a private Kafka',
      async () => startKafkaCluster({ name: cluster, port: await freePort(true) }),
      180_000,
    );
    const kafka = { KAFKA_BROKERS: brokers, LOG_LEVEL: 'warn' };
    const apply = await startCli(['kafka', 'topics', 'apply'], {
      ...kafka,
      KAFKA_REPLICATION_FACTOR: '1',
      KAFKA_MIN_INSYNC_REPLICAS: '1',
    }).finished;
    expect(apply.code, apply.stderr).toBe(0);
    db = await openPostgres({ url: postgres.url, poolMax: 2 });
    env = { ...kafka, DATABASE_URL: postgres.url };
  }, 240_000);

  afterAll(async () => {
    for (const process of running.values()) process.child.kill('SIGKILL');
    await Promise.all([...running.values()].map((process) => process.finished));
    await db?.close();
    await stopKafkaCluster(cluster).catch(() => undefined);
    postgres?.stop();
    for (const made of dirs) rmSync(made, { recursive: true, force: true });
  }, 120_000);

  it('completes every trade through SIGKILLs, a broker restart and a PostgreSQL restart', async () => {
    const gatewayPort = await freePort();
    const sandboxDir = dir();
    const sandbox = startCli(['sandbox'], {
      BLOXTR8_DATA_DIR: sandboxDir,
      PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
      LOG_LEVEL: 'warn',
    });
    running.set('sandbox', sandbox);
    await persist('the sandbox', async () => {
      if (!sandbox.output().stderr.includes('start the service processes'))
        throw new Error('not yet');
    });
    env = { ...env, ...readEnvFile(join(sandboxDir, 'sandbox.env')) };
    const gateway = { PORT: String(gatewayPort) };
    const gatewayUrl = await start('gateway', gateway).listening;
    await Promise.all(
      ['payments', 'escrow', 'projections marketplace'].map((n) => start(n).running),
    );
    const manifest = await readSandboxManifest(sandboxDir);
    const { stripe, roblox } = manifest?.sandboxes ?? {};
    if (stripe === undefined || roblox === undefined) throw new Error('no sandbox.json');
    const demo = {
      gatewayUrl,
      botToken: env.BOT_API_TOKEN ?? '',
      stripeUrl: stripe,
      robloxUrl: roblox,
      say: () => {},
    };

    const trades: FundedTrade[] = [];
    for (let index = 0; index < TRADES; index += 1) trades.push(await fundDemoTrade(demo));
    const client = (id: string) => new DemoClient(gatewayUrl, demo.botToken, id);
    const stateOf = async (escrowId: string) =>
      persist('reading an escrow', async () => (await loadEscrow(db, escrowId))?.status);
    const waitAll = async (state: string) =>
      persist(
        `every trade ${state}`,
        async () => {
          for (const trade of trades) {
            if ((await stateOf(trade.escrowId)) !== state) throw new Error(`not ${state} yet`);
          }
        },
        150_000,
      );

    // Deliveries in flight: the escrow dies, then payments, each restarted.
    for (const trade of trades) {
      await persist('deliver', () =>
        client(trade.sellerDiscordUserId).post(`/api/escrow/${trade.escrowId}/deliver`, {
          note: 'done',
        }),
      );
    }
    await kill9('escrow');
    start('escrow');
    await kill9('payments');
    start('payments');
    await waitAll('DELIVERED');

    // Releases in flight: payments dies mid-transfer, the broker and PostgreSQL restart, the
    // gateway dies and comes back, and escrow dies once more.
    for (const trade of trades) {
      await persist('release', () =>
        client(trade.buyerDiscordUserId).post(`/api/escrow/${trade.escrowId}/release`),
      );
    }
    await kill9('payments');
    await stopKafkaNode(cluster, 1);
    await kill9('gateway');
    await startKafkaNode(cluster, 1);
    postgres.restart();
    start('payments');
    start('gateway', gateway);
    await kill9('escrow');
    start('escrow');
    await waitAll('RELEASED');

    const { rows } = await db.query<{ id: string; amount_minor: bigint }>(
      'select id, amount_minor from escrow.escrows',
    );
    const findViolations = async () =>
      checkInvariants({
        db,
        trades: rows.map((row, index) => ({
          label: `T${index + 1}`,
          escrowId: row.id,
          contractId: row.id,
          buyerId: '',
          sellerId: '',
          amountMinor: row.amount_minor,
          payout: 'ready' as const,
          onboarding: 'ready' as const,
          opened: true,
        })),
        sent: [],
        objects: await new StripeDoubleControl(stripe).objects(),
        heldEscrows: new Set(),
      });
    // The read models follow the escrow at their own pace (their consumer may be rejoining after
    // the broker's restart): the invariants must hold once they caught up.
    await persist('the invariants to hold', async () => {
      const violations = await findViolations();
      if (violations.length > 0) throw new Error(violations.join('; '));
    });
    expect(await findViolations()).toEqual([]);
  }, 420_000);
});

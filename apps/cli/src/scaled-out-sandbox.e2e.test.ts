import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogTopicSpecs } from '@bloxtr8/bus';
import { deleteTestTopics, kafkaBrokersForTests } from '@bloxtr8/bus/testing';
import type { TestDatabase } from '@bloxtr8/db/testing';
import { availableTestEngines, createTestDatabase } from '@bloxtr8/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeDemoTrade, fundDemoTrade } from './demo/run-demo-trade.ts';
import { readSandboxManifest } from './platform/sandbox-manifest.ts';
import { startCli } from './run-cli.ts';

const brokers = kafkaBrokersForTests(
  'bloxtr8 run … against bloxtr8 sandbox (scaled-out-sandbox.e2e)',
);
const hasPostgres = availableTestEngines().includes('postgres');
if (!hasPostgres) console.warn('scaled-out-sandbox.e2e: SKIPPED without DATABASE_URL (PostgreSQL)');

/** A loopback port free right now, for a gateway whose address the sandbox must know first. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** KEY=value lines of sandbox.env, comments left out. */
function readEnvFile(path: string): Record<string, string> {
  const lines = readFileSync(path, 'utf8').split('\n');
  return Object.fromEntries(
    lines
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe.skipIf(brokers === undefined || !hasPostgres)(
  'bloxtr8 run gateway, payments, … pointed at bloxtr8 sandbox',
  () => {
    const prefix = `sbx${randomBytes(4).toString('hex')}.`;
    const dataDirs: string[] = [];
    const processes: Array<ReturnType<typeof startCli>> = [];
    let database: TestDatabase;
    const dataDir = () => {
      const dir = mkdtempSync(join(tmpdir(), 'bloxtr8-scaled-out-'));
      dataDirs.push(dir);
      return dir;
    };
    const kafka = () => ({
      KAFKA_BROKERS: (brokers ?? []).join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'warn',
    });

    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      const apply = await startCli(['kafka', 'topics', 'apply'], {
        ...kafka(),
        KAFKA_REPLICATION_FACTOR: '1',
        KAFKA_MIN_INSYNC_REPLICAS: '1',
      }).finished;
      expect(apply.code, apply.stderr).toBe(0);
    }, 60_000);
    afterAll(async () => {
      for (const running of processes) running.child.kill('SIGINT');
      await Promise.all(processes.map((running) => running.finished));
      await deleteTestTopics(
        brokers ?? [],
        catalogTopicSpecs().map((spec) => `${prefix}${spec.name}`),
      );
      await database?.drop();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('completes a payment and a release, Stripe webhooks delivered to the gateway', async () => {
      const gatewayPort = await freePort();
      const sandboxDir = dataDir();
      const sandbox = startCli(['sandbox'], {
        BLOXTR8_DATA_DIR: sandboxDir,
        PUBLIC_URL: `http://127.0.0.1:${gatewayPort}`,
        LOG_LEVEL: 'warn',
      });
      processes.push(sandbox);
      for (let waited = 0; !sandbox.output().stderr.includes('start the service processes'); ) {
        if (waited > 30_000)
          throw new Error(`the sandbox did not start:\n${sandbox.output().stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        waited += 100;
      }
      const sandboxEnv = readEnvFile(join(sandboxDir, 'sandbox.env'));
      const service = (services: string[], extra: Record<string, string> = {}) => {
        const running = startCli(['run', ...services], {
          ...sandboxEnv,
          ...kafka(),
          DATABASE_URL: database.url ?? '',
          BLOXTR8_DATA_DIR: dataDir(),
          ...extra,
        });
        processes.push(running);
        return running;
      };
      const gateway = service(['gateway'], { PORT: String(gatewayPort) });
      const payments = service(['payments']);
      const others = service(['escrow', 'projections', 'marketplace']);
      const gatewayUrl = await gateway.listening;
      await Promise.all([payments.running, others.running]);

      const manifest = await readSandboxManifest(sandboxDir);
      const { stripe, roblox } = manifest?.sandboxes ?? {};
      if (stripe === undefined || roblox === undefined) throw new Error('no sandbox.json');
      const demo = {
        gatewayUrl,
        botToken: sandboxEnv.BOT_API_TOKEN ?? '',
        stripeUrl: stripe,
        robloxUrl: roblox,
        say: () => {},
      };
      // FUNDS_HELD only after the sandbox's payment webhook reached the gateway and the payments
      // and escrow processes acted on it; RELEASED after a Connect transfer by payments.
      const trade = await fundDemoTrade(demo);
      await completeDemoTrade(demo, trade);
    }, 180_000);
  },
);

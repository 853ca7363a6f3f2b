import { parseArgs } from 'node:util';
import { buildServer } from '@bloxtr8/api';
import type { BotDependencies } from '@bloxtr8/bot';
import { BOT_HANDLERS, GatewayClient, interactionsEndpoint } from '@bloxtr8/bot';
import { createDiscordRest } from '@bloxtr8/discord-kit';
import { createLogger, loadConfig, Secret } from '@bloxtr8/platform';
import type { InteractionRequest } from '@bloxtr8/sandbox/discord';
import { startDiscordDouble } from '@bloxtr8/sandbox/discord';
import {
  newDiscordUserId,
  TEST_BOT_TOKEN,
  testIdentityGateway,
} from '@bloxtr8/test-support/platform';
import { percentile } from './latency-stats.ts';
import { openBenchDatabase } from './support/bench-database.ts';

/**
 * Discord gives an interactions endpoint 3 s to answer. This measures what Discord would: from
 * the signed POST (signature check first) to the endpoint's first response, for a mix of PING,
 * an immediate reply (/help), a form (Make offer) and deferred API work (/signup's accept, which
 * writes a user) — and, apart, how long the deferred work takes to land through the webhook.
 * The Discord double signs and sends; the bot runs on the gateway's server as `bloxtr8 start` has it.
 * Usage: npm run bench:discord -- [--interactions 2000] [--concurrency 16]
 */
const { values } = parseArgs({
  options: {
    interactions: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
  },
});
const TOTAL = Number(values.interactions);
const CONCURRENCY = Number(values.concurrency);
const DISCORD_LIMIT_MS = 3_000;
const config = loadConfig(process.env);
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });

const database = await openBenchDatabase(config, 20);
const discord = await startDiscordDouble();
let gatewayUrl = '';
const deps: BotDependencies = {
  gateway: new GatewayClient({ baseUrl: () => gatewayUrl, botToken: new Secret(TEST_BOT_TOKEN) }),
  discord: createDiscordRest({ apiUrl: discord.restApiUrl, botToken: discord.botToken }),
  applicationId: discord.applicationId,
  publicUrl: 'http://127.0.0.1',
  payUrl: () => null,
  logger,
};
const identity = testIdentityGateway(database.db);
const server = await buildServer({
  db: database.db,
  logger,
  authenticator: identity.authenticator,
  routes: identity.routes ?? [],
  plugins: [
    ...(identity.plugins ?? []),
    interactionsEndpoint({ publicKeyHex: discord.publicKeyHex, deps, handlers: BOT_HANDLERS }),
  ],
});
gatewayUrl = await server.listen({ host: '127.0.0.1', port: 0 });
await discord.control.setInteractionsUrl(`${gatewayUrl}/interactions`);

const MIX: ReadonlyArray<(user: string) => Omit<InteractionRequest, 'user'>> = [
  () => ({ type: 1 }),
  () => ({ type: 2, data: { name: 'help', type: 1 } }),
  () => ({
    type: 3,
    data: { custom_id: 'offer:make:v1:0b5d2c1e-8a7f-4b2e-9d3c-1f2e3d4c5b6a', component_type: 2 },
  }),
  () => ({ type: 3, data: { custom_id: 'signup:accept:v1', component_type: 2 } }),
];

const firstResponseMs: number[] = [];
const deferred: string[] = [];
let sent = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (sent < TOTAL) {
      const index = sent;
      sent += 1;
      const user = { id: newDiscordUserId(), username: `bench${index}` };
      const outcome = await discord.control.interact({
        ...(MIX[index % MIX.length]?.(user.id) ?? { type: 1 }),
        user,
      });
      if (outcome.status !== 200) throw new Error(`interaction answered ${outcome.status}`);
      firstResponseMs.push(outcome.elapsedMs);
      if ((outcome.body as { type: number }).type === 5) deferred.push(outcome.id);
    }
  }),
);
const elapsedMs = performance.now() - started;
await server.close(); // waits for the deferred work to land
const landedMs: number[] = [];
for (const id of deferred) {
  const record = await discord.control.interaction(id);
  const edited = record.original?.edited_timestamp;
  const posted = record.original?.timestamp;
  if (edited != null && posted !== undefined)
    landedMs.push(Date.parse(edited) - Date.parse(posted));
}

const sorted = [...firstResponseMs].sort((a, b) => a - b);
const landed = [...landedMs].sort((a, b) => a - b);
const fixed = (value: number) => value.toFixed(1);
console.log(
  `Discord interactions on ${database.engine}: ${TOTAL} interactions, ${CONCURRENCY} at a time, ${Math.round((TOTAL / elapsedMs) * 1000)}/s`,
);
console.log('signature check → first response (what Discord times)');
console.log(
  `  p50 ${fixed(percentile(sorted, 0.5))} ms   p95 ${fixed(percentile(sorted, 0.95))} ms   p99 ${fixed(percentile(sorted, 0.99))} ms   max ${fixed(sorted.at(-1) ?? Number.NaN)} ms`,
);
console.log(
  `  Discord's limit: ${DISCORD_LIMIT_MS} ms → p95 uses ${((percentile(sorted, 0.95) / DISCORD_LIMIT_MS) * 100).toFixed(2)} % of it`,
);
console.log(
  `deferred work landed through the webhook (${landed.length} of ${deferred.length}): p95 ${fixed(percentile(landed, 0.95))} ms`,
);
await discord.close();
await database.close();

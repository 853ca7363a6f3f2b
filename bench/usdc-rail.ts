import { parseArgs } from 'node:util';
import type { MessageBus } from '@bloxtr8/bus';
import { EmbeddedBus, headersFor } from '@bloxtr8/bus';
import type { TopicDefinition } from '@bloxtr8/contracts';
import { allTopicDefinitions, encodeEnvelope, ReleaseReason, TOPICS } from '@bloxtr8/contracts';
import type { Database } from '@bloxtr8/db';
import { startEscrowService } from '@bloxtr8/escrow';
import {
  findPayoutDestination,
  findWallet,
  issueWalletChallenge,
  linkWallet,
  NO_REQUEST_CONTEXT,
  signUpUser,
} from '@bloxtr8/identity';
import { startPaymentsService } from '@bloxtr8/payments';
import { createLogger, loadConfig, systemClock } from '@bloxtr8/platform';
import type { Trade, UsdcTestRail } from '@bloxtr8/test-support/platform';
import {
  contractExecuted,
  escrowCommand,
  newTrade,
  startUsdcTestRail,
} from '@bloxtr8/test-support/platform';
import type { MessageShape } from '@bufbuild/protobuf';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { percentile } from './latency-stats.ts';
import { openBenchDatabase } from './support/bench-database.ts';
import { EventWaiters, nowMs } from './support/event-waiters.ts';

/**
 * The USDC rail on anvil (SPEC §5): `--escrows` USDC escrows are funded by real ERC-20 transfers
 * and released by real transfers (payout and fee), through the escrow and payments services, the
 * chain watcher and the screening doubles. Prints deposit seen → EscrowFundsHeld latency (the
 * chain watcher's own work plus the wait for `--confirmations` blocks, a block every `--block-ms`)
 * and on-chain transfers per second. Usage: npm run bench:usdc -- [--escrows 40]
 * [--confirmations 1] [--block-ms 200]. DATABASE_URL selects PostgreSQL (PGlite otherwise).
 */
const { values } = parseArgs({
  options: {
    escrows: { type: 'string', default: '40' },
    confirmations: { type: 'string', default: '1' },
    'block-ms': { type: 'string', default: '200' },
  },
});
const ESCROWS = Number(values.escrows);
const CONFIRMATIONS = Number(values.confirmations);
const BLOCK_MS = Number(values['block-ms']);
const AMOUNT = 25_000_000_000n;
const config = loadConfig(process.env);
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });

async function publish<Topic extends TopicDefinition>(
  bus: MessageBus,
  topic: Topic,
  envelope: MessageShape<Topic['envelope']>,
) {
  const { key, value, meta, kind } = encodeEnvelope(topic, envelope);
  await bus.publish([{ topic: topic.name, key, value, headers: headersFor(meta, kind) }]);
}

/** The bench's one seller, with a payout wallet registered as the API registers one. */
async function sellerWithWallet(db: Database): Promise<string> {
  const { user } = await signUpUser(db, systemClock, {
    discordUserId: '100000000000000002',
    discordUsername: 'bench_usdc_seller',
    context: NO_REQUEST_CONTEXT,
  });
  const wallet = privateKeyToAccount(generatePrivateKey());
  await db.transaction(async (tx) => {
    const challenge = await issueWalletChallenge(tx, {
      userId: user.id,
      purpose: 'PAYOUT',
      address: wallet.address,
      now: new Date(),
    });
    await linkWallet(tx, {
      userId: user.id,
      challenge,
      now: new Date(),
      context: NO_REQUEST_CONTEXT,
      screeningVerdict: 'ACCEPT',
    });
  });
  return user.id;
}

async function seenAtMs(db: Database, escrowId: string): Promise<number> {
  const { rows } = await db.query<{ seen_at: Date }>(
    'select min(seen_at) as seen_at from payments.usdc_deposits where escrow_id = $1',
    [escrowId],
  );
  const seen = rows[0]?.seen_at;
  if (seen === undefined) throw new Error(`escrow ${escrowId} has no deposit`);
  return seen.getTime();
}

async function fundAll(
  usdc: UsdcTestRail,
  bus: MessageBus,
  db: Database,
  trades: readonly Trade[],
  events: { escrow: EventWaiters; payment: EventWaiters },
): Promise<number[]> {
  const buyer = await usdc.fundedWallet(AMOUNT * BigInt(trades.length));
  const latencies: number[] = [];
  await Promise.all(
    trades.map(async (trade) => {
      await publish(bus, TOPICS.contractEvents, contractExecuted(trade));
      await events.payment.keyed(trade.escrowId, 'paymentIntentCreated');
    }),
  );
  for (const trade of trades) {
    await usdc.pay(buyer, usdc.rail.depositAddressOf(trade.escrowId), AMOUNT);
  }
  await Promise.all(
    trades.map(async (trade) => {
      await events.escrow.keyed(trade.escrowId, 'escrowFundsHeld', 300_000);
      latencies.push(Date.now() - (await seenAtMs(db, trade.escrowId)));
    }),
  );
  return latencies.sort((a, b) => a - b);
}

async function releaseAll(
  bus: MessageBus,
  trades: readonly Trade[],
  escrowEvents: EventWaiters,
): Promise<number> {
  for (const trade of trades) {
    await publish(bus, TOPICS.escrowCommands, escrowCommand(trade, 'markDelivered', 'seller'));
  }
  await Promise.all(trades.map((t) => escrowEvents.keyed(t.escrowId, 'escrowDelivered')));
  const started = nowMs();
  for (const trade of trades) {
    const fields = { reason: ReleaseReason.BUYER_CONFIRMED };
    await publish(
      bus,
      TOPICS.escrowCommands,
      escrowCommand(trade, 'releaseFunds', 'buyer', fields),
    );
  }
  await Promise.all(trades.map((t) => escrowEvents.keyed(t.escrowId, 'escrowReleased', 300_000)));
  return nowMs() - started;
}

const bench = await openBenchDatabase(config);
const { db } = bench;
const bus = await EmbeddedBus.open(db, logger, { retentionSweepMs: 0 });
await bus.ensureTopics(allTopicDefinitions());
const usdc = await startUsdcTestRail(systemClock);
const escrow = await startEscrowService({ db, bus, logger, sweeper: { intervalMs: 3_600_000 } });
const payments = await startPaymentsService({
  db,
  bus,
  logger,
  usdc: {
    ...usdc.settings,
    confirmations: CONFIRMATIONS,
    refundAddresses: { refundAddressFor: (buyerId) => findWallet(db, buyerId, 'REFUND') },
  },
  payoutDestinations: {
    destinationFor: (sellerId, rail) => findPayoutDestination(db, sellerId, rail),
  },
});
const events = {
  escrow: await EventWaiters.watch(bus, TOPICS.escrowEvents),
  payment: await EventWaiters.watch(bus, TOPICS.paymentEvents),
};
const sellerId = await sellerWithWallet(db);
const trades = Array.from({ length: ESCROWS }, () =>
  newTrade({ rail: 'USDC_BASE', amountMinor: AMOUNT, sellerId }),
);
usdc.startMining(BLOCK_MS);
const latencies = await fundAll(usdc, bus, db, trades, events);
const releaseMs = await releaseAll(bus, trades, events.escrow);
await usdc.stopMining();
const transfers = ESCROWS * 2;
console.log(
  [
    `USDC rail on anvil (${bench.engine}, embedded bus): ${ESCROWS} escrows of 25,000 USDC, ${CONFIRMATIONS} confirmation(s), a block every ${BLOCK_MS} ms`,
    `deposit seen → EscrowFundsHeld: p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${percentile(latencies, 0.95).toFixed(0)} ms, max ${(latencies.at(-1) ?? 0).toFixed(0)} ms`,
    `releases: ${transfers} on-chain transfers (payout + fee each) in ${(releaseMs / 1000).toFixed(1)} s = ${((transfers * 1000) / releaseMs).toFixed(1)} transfers/s, ${((ESCROWS * 1000) / releaseMs).toFixed(1)} releases/s`,
  ].join('\n'),
);
await events.escrow.stop();
await events.payment.stop();
await payments.stop();
await escrow.stop();
await bus.close();
await usdc.close();
await bench.close();

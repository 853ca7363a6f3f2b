import { createMeta } from '@bloxtr8/contracts';
import type { Database } from '@bloxtr8/db';
import type { TestDatabase } from '@bloxtr8/db/testing';
import { availableTestEngines, createTestDatabase } from '@bloxtr8/db/testing';
import { createLogger, ManualClock, newId, newTraceId } from '@bloxtr8/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscrowCommand } from '../domain/commands.ts';
import { BUYER, create, DAY_MS, disputed, paid, TERMS } from '../domain/escrow-test-kit.ts';
import { DEFAULT_ESCROW_POLICY } from '../domain/policy.ts';
import type { EscrowDeps } from '../handlers/apply-escrow-command.ts';
import { applyEscrowCommand } from '../handlers/apply-escrow-command.ts';
import type { SweepReport, TimeoutSweeper } from './timeout-sweeper.ts';
import { startTimeoutSweeper } from './timeout-sweeper.ts';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const STALE = 150;
const YOUNG = 20;
const BATCH = 7;

/** Sends one command to one escrow as a message would carry it. */
async function send(db: Database, deps: EscrowDeps, escrowId: string, command: EscrowCommand) {
  const cause = createMeta({
    eventId: newId(),
    occurredAt: deps.clock.now(),
    traceId: newTraceId(),
    correlationId: escrowId,
  });
  return db.transaction((tx) => applyEscrowCommand(tx, escrowId, command, cause, deps));
}

/** A funded escrow of its own, disputed by the buyer now. */
async function openDispute(db: Database, deps: EscrowDeps): Promise<string> {
  const escrowId = newId();
  const terms = { ...TERMS, escrowId, contractId: newId(), offerId: newId(), listingId: newId() };
  await send(db, deps, escrowId, { ...create, terms });
  await send(db, deps, escrowId, { ...paid, providerPaymentId: `pi_${escrowId}` } as EscrowCommand);
  await send(db, deps, escrowId, disputed);
  return escrowId;
}

async function countRows(db: Database, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ count: number }>(sql, params as never[]);
  return rows[0]?.count ?? 0;
}

/** How many EscrowDisputeStale events each escrow has in its history. */
async function alertsPerEscrow(db: Database, escrowIds: readonly string[]): Promise<number[]> {
  const { rows } = await db.query<{ escrow_id: string; alerts: number }>(
    `select e.id as escrow_id, count(h.event_id)::int as alerts
     from escrow.escrows e
     left join escrow.escrow_events h on h.escrow_id = e.id and h.event_type = 'EscrowDisputeStale'
     where e.id = any($1::uuid[]) group by e.id`,
    [escrowIds],
  );
  const byId = new Map(rows.map((row) => [row.escrow_id, row.alerts]));
  return escrowIds.map((id) => byId.get(id) ?? -1);
}

/** The sweep's report, or a failure when it is still going after `timeoutMs`. */
async function finishing(sweep: Promise<SweepReport>, timeoutMs = 30_000): Promise<SweepReport> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the sweep ran over ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([sweep, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each(availableTestEngines())('the dispute-alert sweep on %s', (engine) => {
  let database: TestDatabase;
  let sweeper: TimeoutSweeper;
  const clock = new ManualClock('2026-03-01T12:00:00.000Z');
  const deps: EscrowDeps = { clock, policy: DEFAULT_ESCROW_POLICY };
  const stale: string[] = [];
  const young: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    // Its first round runs now, on an empty database; the next would be an hour away.
    sweeper = startTimeoutSweeper(database.db, deps, logger, {
      intervalMs: 3_600_000,
      batchSize: BATCH,
    });
    for (let i = 0; i < STALE; i += 1) stale.push(await openDispute(database.db, deps));
    clock.advanceBy(29 * DAY_MS);
    for (let i = 0; i < YOUNG; i += 1) young.push(await openDispute(database.db, deps));
    clock.advanceBy(DAY_MS + 60_000);
  }, 300_000);
  afterAll(async () => {
    await sweeper?.stop();
    await database?.drop();
  });

  it('finishes, alerts each dispute older than the threshold once, and leaves young ones alone', async () => {
    const { db } = database;
    const outboxBefore = await countRows(db, 'select count(*)::int as count from escrow.outbox');
    const report = await finishing(sweeper.sweepOnce());
    expect(report).toEqual({ funding: 0, 'auto-release': 0, 'dispute-alert': STALE });
    expect(await alertsPerEscrow(db, stale)).toEqual(stale.map(() => 1));
    expect(await alertsPerEscrow(db, young)).toEqual(young.map(() => 0));
    // One EscrowDisputeStale per stale dispute on the outbox, and no refusal of a young one.
    expect(await countRows(db, 'select count(*)::int as count from escrow.outbox')).toBe(
      outboxBefore + STALE,
    );
    const refused = await countRows(
      db,
      `select count(*)::int as count from escrow.command_outcomes where outcome = 'REJECTED'`,
    );
    expect(refused).toBe(0);
  });

  it('writes nothing at all on a second sweep', async () => {
    const { db } = database;
    const snapshot = () =>
      Promise.all(
        ['escrow.outbox', 'escrow.escrow_events', 'escrow.command_outcomes'].map((table) =>
          countRows(db, `select count(*)::int as count from ${table}`),
        ),
      );
    const before = await snapshot();
    const report = await finishing(sweeper.sweepOnce());
    expect(report).toEqual({ funding: 0, 'auto-release': 0, 'dispute-alert': 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('records a command refused twice under the same id once: one outbox message, one outcome', async () => {
    const { db } = database;
    const escrowId = young[0] ?? '';
    const cause = createMeta({
      eventId: newId(),
      occurredAt: clock.now(),
      traceId: newTraceId(),
      correlationId: escrowId,
    });
    const release: EscrowCommand = {
      type: 'ReleaseFunds',
      actor: BUYER,
      reason: 'BUYER_CONFIRMED',
    };
    const outbox = () =>
      countRows(db, 'select count(*)::int as count from escrow.outbox where message_key = $1', [
        escrowId,
      ]);
    const before = await outbox();
    for (let i = 0; i < 2; i += 1) {
      const outcome = await db.transaction((tx) =>
        applyEscrowCommand(tx, escrowId, release, cause, deps),
      );
      expect(outcome.outcome).toBe('REJECTED');
    }
    expect(await outbox()).toBe(before + 1);
  });
});

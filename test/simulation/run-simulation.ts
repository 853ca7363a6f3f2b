import { listDeadLetters, replayDeadLetter } from '@bloxtr8/bus';
import type { Database } from '@bloxtr8/db';
import { rebuildProjections } from '@bloxtr8/projections';
import { drawStripeIdsFrom } from '@bloxtr8/sandbox/stripe';
import { checkInvariants } from './invariants.ts';
import { Prng } from './prng.ts';
import { projectionsSnapshot } from './projections-snapshot.ts';
import type { StepContext } from './sim-steps.ts';
import { deliverOne, randomStep, runGuarded } from './sim-steps.ts';
import type { SimResources } from './sim-world.ts';
import { SimWorld } from './sim-world.ts';
import { Workload } from './workload.ts';

/** Every run starts at the same instant, so a seed alone decides it. */
const EPOCH = '2026-03-02T09:00:00.000Z';
const QUIESCE_ROUNDS_MAX = 40;
const DRAIN_STEPS_MAX = 5_000;

export interface RunOptions {
  readonly seed: number;
  readonly trades: number;
  /** Steps of the faulty phase; 45 per trade by default. */
  readonly steps?: number;
  /** Let Stripe refuse refunds for good now and then (a known finding, off by default). */
  readonly refundRefusals?: boolean;
  /**
   * Compare the read models with a rebuild from the log on every n-th seed (by default 4): the
   * rebuild replays the whole run and costs as much as the rest of the checks.
   */
  readonly rebuildEvery?: number;
}

export interface RunResult {
  readonly seed: number;
  readonly violations: string[];
  readonly trace: string[];
}

/** Empties what a run leaves behind (append-only triggers are off for this test cleanup only). */
export async function resetForRun(db: Database): Promise<void> {
  const { rows } = await db.query<{ name: string }>(
    `select table_schema || '.' || table_name as name from information_schema.tables
     where table_type = 'BASE TABLE'
       and table_schema in ('escrow', 'payments', 'projections', 'identity', 'gateway', 'audit')
       and not (table_schema = 'projections' and table_name = 'generation')
     union all select 'bus.dead_letters' order by 1`,
  );
  await db.transaction(async (tx) => {
    await tx.exec('set local session_replication_role = replica');
    await tx.exec(`truncate ${rows.map((row) => row.name).join(', ')}`);
  });
}

/**
 * One run of the simulator for one seed: a faulty phase of random steps (people, deliveries,
 * relays, sweeps, webhooks, clock, provider faults, crashes), then faults stop and everything is
 * drained, dead letters replayed as an operator would, deadlines passed; then the invariants and
 * a projections rebuild compared with what was projected live.
 */
export async function runSimulation(
  resources: SimResources,
  options: RunOptions,
): Promise<RunResult> {
  const prng = new Prng(options.seed);
  const trace: string[] = [];
  const note = (line: string | null) => {
    if (line !== null) trace.push(`${trace.length + 1}. ${line}`);
  };
  await resetForRun(resources.db);
  await resources.double.control.reset();
  const ids = new Prng(options.seed ^ 0x5bd1e995);
  drawStripeIdsFrom((bound) => ids.next() % bound);
  resources.clock.set(EPOCH);
  await resources.double.control.updateSettings({ refundsStartPending: prng.chance(0.3) });
  const world = new SimWorld(resources);
  const workload = new Workload(world, prng);
  try {
    await world.startAll();
    await workload.setUp(options.trades);
    const context: StepContext = {
      world,
      workload,
      prng,
      faults: true,
      refundRefusals: options.refundRefusals ?? false,
    };
    for (let step = 0; step < (options.steps ?? options.trades * 45); step += 1) {
      const line = await runGuarded(world, () => randomStep(context));
      note(line);
      await settleStep(world, note, mayTouchStripe(line));
    }
    await quiesce({ ...context, faults: false }, note);
    const rebuild = options.seed % (options.rebuildEvery ?? 4) === 0;
    const violations = await checkEverything(world, workload, rebuild);
    return { seed: options.seed, violations, trace };
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { seed: options.seed, violations: [`the run threw: ${detail}`], trace };
  } finally {
    await world.close();
    drawStripeIdsFrom(null);
  }
}

/** After each step: restart what crashed and see what Stripe now owes as webhooks. */
async function settleStep(
  world: SimWorld,
  note: (line: string) => void,
  touchedStripe: boolean,
): Promise<void> {
  const crashed = await world.restartCrashed();
  if (crashed.length > 0) note(`restarted ${crashed.join(', ')}`);
  if (touchedStripe || crashed.includes('payments')) await world.collectStripeEvents();
}

/**
 * Whether a step may have made Stripe create events: only the payments service, webhook intake
 * and the people (paying, onboarding) call Stripe. Asking the double after every step would cost
 * a quarter of a run.
 */
function mayTouchStripe(line: string | null): boolean {
  return line !== null && (/^T\d+ /.test(line) || /payments|webhook|crash/.test(line));
}

/** Faults stop; the provider finishes what it started; everything drains; operators step in. */
async function quiesce(context: StepContext, note: (line: string) => void): Promise<void> {
  const { world, workload } = context;
  for (const name of Object.values(world.processes)) name.disarm();
  await world.resources.double.control.clearFaults();
  for (const trade of workload.trades) {
    if (trade.payout === 'later' && trade.onboarding !== 'ready') {
      note(await workload.onboard(trade, 'ready'));
    }
  }
  for (let round = 1; round <= QUIESCE_ROUNDS_MAX; round += 1) {
    // Held releases of sellers who never set up payouts are tried at every pass and stay held:
    // that is not activity. Anything they did pay shows up as messages drained below.
    await world.escrow.sweeper.sweepOnce();
    await world.payments.sweeper.sweepOnce();
    const moved = await drainEverything(context);
    // Operators replay dead letters the next day, after Stripe forgot the idempotency keys.
    if (round === 1) world.resources.clock.advanceBy(25 * 3_600_000);
    const replayed = await replayDeadLetters(world);
    await settlePendingRefunds(world);
    world.resources.clock.advanceBy(round === 2 ? 9 * 24 * 3_600_000 : 2 * 60_000);
    note(`quiesce round ${round}: ${moved} moved, ${replayed} replayed`);
    if (round > 2 && moved === 0 && replayed === 0) return;
  }
  throw new Error(`still busy after ${QUIESCE_ROUNDS_MAX} quiet rounds`);
}

async function drainEverything(context: StepContext): Promise<number> {
  const { world } = context;
  let moved = 0;
  for (let step = 0; step < DRAIN_STEPS_MAX; step += 1) {
    const relayed = (await world.escrow.relay.drain()) + (await world.payments.relay.drain());
    const delivered = await deliverOne(context, true);
    const webhook = world.pendingWebhooks.shift();
    if (webhook !== undefined && (await world.deliverWebhook(webhook)) !== 'accepted')
      throw new Error(`a webhook was refused without faults: ${webhook.type}`);
    await world.collectStripeEvents();
    if (relayed === 0 && delivered === null && webhook === undefined) return moved;
    moved += 1;
  }
  throw new Error(`not drained after ${DRAIN_STEPS_MAX} steps`);
}

/** Operators replay every dead letter once the provider is back (ADR 0014: always safe). */
async function replayDeadLetters(world: SimWorld): Promise<number> {
  const letters = await listDeadLetters(world.resources.db);
  for (const letter of letters)
    await replayDeadLetter(world.resources.db, world.gateway, letter.id);
  return letters.length;
}

/** Refunds that started pending complete at the provider once faults stop. */
async function settlePendingRefunds(world: SimWorld): Promise<void> {
  const { control } = world.resources.double;
  if (!(await control.updateSettings({})).refundsStartPending) return;
  for (const refund of (await control.objects()).refunds) {
    if (refund.status === 'pending') await control.settleRefund(refund.id);
  }
  await world.collectStripeEvents();
}

async function checkEverything(
  world: SimWorld,
  workload: Workload,
  rebuild: boolean,
): Promise<string[]> {
  const { db, double } = world.resources;
  const { rows } = await db.query<{ escrow_id: string }>(
    'select distinct escrow_id from payments.held_transfers where settled_at is null',
  );
  const violations = await checkInvariants({
    db,
    trades: workload.trades,
    sent: workload.sent,
    objects: await double.control.objects(),
    heldEscrows: new Set(rows.map((row) => row.escrow_id)),
  });
  if (!rebuild) return violations;
  const live = await projectionsSnapshot(db);
  await world.projections.stop();
  await rebuildProjections(db, { clock: world.resources.clock });
  await world.restart('projections');
  await drainEverything({
    world,
    workload,
    prng: new Prng(0),
    faults: false,
    refundRefusals: false,
  });
  const rebuilt = await projectionsSnapshot(db);
  if (JSON.stringify(live) !== JSON.stringify(rebuilt)) {
    violations.push(
      `the projections differ from a rebuild from the log: ${firstDifference(live, rebuilt)}`,
    );
  }
  return violations;
}

function firstDifference(a: unknown[], b: unknown[]): string {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const left = JSON.stringify(a[index]);
    const right = JSON.stringify(b[index]);
    if (left !== right) return `live ${left} / rebuilt ${right}`;
  }
  return 'same rows, other order';
}

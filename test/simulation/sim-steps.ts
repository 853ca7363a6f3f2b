import type { Prng } from './prng.ts';
import { SimulatedCrash } from './sim-bus.ts';
import type { ServiceName, SimWorld } from './sim-world.ts';
import { SERVICE_NAMES } from './sim-world.ts';
import { drawFault } from './stripe-faults.ts';
import type { Workload } from './workload.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Jumps past each deadline the platform keeps: Stripe's key window, funding, auto-release. */
const JUMPS_MS = [HOUR_MS, 25 * HOUR_MS, 73 * HOUR_MS, 8 * DAY_MS];

/** Everything a step may touch. */
export interface StepContext {
  readonly world: SimWorld;
  readonly workload: Workload;
  readonly prng: Prng;
  readonly faults: boolean;
  /** Include final refusals of refunds among the provider faults. */
  readonly refundRefusals: boolean;
}

/** A label for a message key: the trade whose escrow it names, else its partition only. */
function labelOfKey(key: string, trades: Workload['trades']): string {
  return trades.find((trade) => trade.escrowId === key)?.label ?? 'provider-keyed';
}

/** Hands one consumer the next messages of one of its partitions. */
export async function deliverOne(
  context: StepContext,
  commitAlways: boolean,
): Promise<string | null> {
  const { world, prng } = context;
  const runnable = world.log.runnable();
  if (runnable.length === 0) return null;
  const delivery = prng.pick(runnable);
  const count = prng.int(1, 4);
  const commit = commitAlways || prng.chance(0.75);
  const next = world.log.partitions(delivery.tp.topic)[delivery.tp.partition];
  const offset = delivery.member.position.get(`${delivery.tp.topic}#${delivery.tp.partition}`);
  const outcome = await world.log.deliver(delivery, count, commit);
  const first = next?.[Number(offset ?? 0n)];
  const label = first === undefined ? '' : labelOfKey(first.key, context.workload.trades);
  return `${delivery.member.groupId} p${delivery.tp.partition} ${label} → ${outcome}${commit ? '' : ' (uncommitted)'}`;
}

async function relay(context: StepContext, name: 'escrow' | 'payments'): Promise<string> {
  const service = name === 'escrow' ? context.world.escrow : context.world.payments;
  return `${name} relay moved ${await service.relay.drain()}`;
}

async function deliverWebhook(context: StepContext): Promise<string | null> {
  const { world, prng } = context;
  if (world.pendingWebhooks.length === 0) return null;
  // Any of the owed deliveries may come first: Stripe does not keep order.
  const index = prng.int(0, world.pendingWebhooks.length - 1);
  const event = world.pendingWebhooks[index];
  if (event === undefined) return null;
  const outcome = await world.deliverWebhook(event);
  // Delivered and acknowledged: Stripe may still send it again now and then.
  if (outcome === 'accepted' && !prng.chance(0.2)) world.pendingWebhooks.splice(index, 1);
  return `webhook ${event.type} → ${outcome}`;
}

/** One step of the main phase, chosen by weight; null when the chosen kind had nothing to do. */
export async function randomStep(context: StepContext): Promise<string | null> {
  const { world, prng, faults } = context;
  const kind = prng.weighted([
    ['deliver', 40],
    ['relay', 14],
    ['webhook', 10],
    ['workload', 16],
    ['sweep-escrow', 3],
    ['sweep-payments', 3],
    ['tick', 5],
    ['jump', 1],
    ['fault', faults ? 4 : 0],
    ['arm-crash', faults ? 3 : 0],
    ['crash-now', faults ? 1 : 0],
    ['rewind', faults ? 2 : 0],
    ['commit', 4],
  ] as const);
  switch (kind) {
    case 'deliver':
      return deliverOne(context, false);
    case 'relay':
      return relay(context, prng.pick(['escrow', 'payments'] as const));
    case 'webhook':
      return deliverWebhook(context);
    case 'workload':
      return context.workload.step();
    case 'sweep-escrow':
      return `escrow sweep ${JSON.stringify(await world.escrow.sweeper.sweepOnce())}`;
    case 'sweep-payments':
      return `payments sweep ${JSON.stringify(await world.payments.sweeper.sweepOnce())}`;
    case 'tick':
      world.resources.clock.advanceBy(prng.int(1, 15 * 60) * 1000);
      return 'clock ticks';
    case 'jump': {
      const jump = prng.pick(JUMPS_MS);
      world.resources.clock.advanceBy(jump);
      return `clock jumps ${jump / HOUR_MS} h`;
    }
    case 'fault': {
      const fault = drawFault(prng, { refundRefusals: context.refundRefusals });
      await world.resources.double.control.injectFault(fault.spec);
      return `stripe fault armed: ${fault.name}`;
    }
    case 'arm-crash': {
      const name: ServiceName = prng.pick(SERVICE_NAMES);
      const at = prng.int(1, 30);
      world.processes[name].armCrash(at);
      return `${name} will crash at its point ${at}`;
    }
    case 'crash-now': {
      const name: ServiceName = prng.pick(SERVICE_NAMES);
      world.processes[name].crash();
      return `${name} crashes between steps`;
    }
    case 'rewind': {
      const group = prng.pick(world.log.groupIds());
      world.log.rewind(group);
      return `${group} rewinds to its committed offsets`;
    }
    case 'commit': {
      const groups = world.log.groupIds().filter((id) => world.log.hasUncommitted(id));
      if (groups.length === 0) return null;
      const group = prng.pick(groups);
      world.log.commit(group);
      return `${group} commits`;
    }
  }
}

/**
 * Runs a step; a simulated crash is an outcome (whatever the code on the way made of the error),
 * anything else thrown is a finding.
 */
export async function runGuarded(
  world: SimWorld,
  step: () => Promise<string | null>,
): Promise<string | null> {
  try {
    return await step();
  } catch (error) {
    const dead = SERVICE_NAMES.filter((name) => world.processes[name].isDead);
    if (error instanceof SimulatedCrash || dead.length > 0) return `crash of ${dead.join(', ')}`;
    throw error;
  }
}

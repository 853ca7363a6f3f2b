import { startRepeating } from '@bloxtr8/bus';
import { createMeta } from '@bloxtr8/contracts';
import type { Database, Queryable } from '@bloxtr8/db';
import type { Logger } from '@bloxtr8/platform';
import { newTraceId } from '@bloxtr8/platform';
import { v5 as uuidv5 } from 'uuid';
import type { EscrowCommand } from '../domain/commands.ts';
import type { EscrowPolicy } from '../domain/policy.ts';
import type { EscrowDeps } from '../handlers/apply-escrow-command.ts';
import { applyEscrowCommand } from '../handlers/apply-escrow-command.ts';

/** Namespace for the ids of the commands the sweeper issues: one id per escrow and deadline. */
const SWEEP_NAMESPACE = '5d1f8f0e-6b1c-4d0c-9a4e-7c2b1e9d3f42';
const PLATFORM = { id: 'platform', role: 'SYSTEM' } as const;

interface Timeout {
  readonly name: 'funding' | 'auto-release' | 'dispute-alert';
  /**
   * Finds and locks (skipping rows other replicas hold) escrows due at the cutoff `$1`; `$2` is
   * the batch size.
   */
  readonly due: string;
  /** The instant an escrow must have reached, by the policy, to be due now. */
  readonly cutoff: (now: Date, policy: EscrowPolicy) => Date;
  readonly command: EscrowCommand;
}

const TIMEOUTS: readonly Timeout[] = [
  {
    name: 'funding',
    due: `select id, funding_deadline_at as deadline from escrow.escrows
          where state = 'AWAIT_FUNDS' and funding_deadline_at <= $1
          order by funding_deadline_at limit $2 for update skip locked`,
    // The deadline column already holds the policy's deadline, set when funds were awaited.
    cutoff: (now) => now,
    command: { type: 'CancelEscrow', actor: PLATFORM, reason: 'TIMEOUT' },
  },
  {
    name: 'auto-release',
    due: `select id, auto_release_at as deadline from escrow.escrows
          where state = 'DELIVERED' and auto_release_at <= $1
          order by auto_release_at limit $2 for update skip locked`,
    cutoff: (now) => now,
    command: { type: 'ReleaseFunds', actor: PLATFORM, reason: 'AUTO_RELEASE' },
  },
  {
    name: 'dispute-alert',
    due: `select id, disputed_at as deadline from escrow.escrows
          where state = 'DISPUTED' and dispute_alerted_at is null and disputed_at <= $1
          order by disputed_at limit $2 for update skip locked`,
    // Disputes opened before this instant have waited longer than the alert threshold.
    cutoff: (now, policy) => new Date(now.getTime() - policy.disputeAlertMs),
    command: { type: 'FlagStaleDispute' },
  },
];

export interface SweeperOptions {
  readonly intervalMs: number;
  /** Escrows handled per transaction: bounds lock time and batch size. */
  readonly batchSize: number;
  /** Called after a batch that moved escrows committed (their events wait in the outbox). */
  readonly onSwept?: () => void;
}

export const DEFAULT_SWEEPER_OPTIONS: SweeperOptions = { intervalMs: 30_000, batchSize: 100 };

export type SweepReport = Record<Timeout['name'], number>;

export interface TimeoutSweeper {
  /** One full pass over every kind of timeout; resolves with how many escrows each changed. */
  sweepOnce(): Promise<SweepReport>;
  stop(): Promise<void>;
}

/**
 * Drives SPEC §4's timeouts: unpaid escrows cancel after 72 h, delivered ones release after 7
 * days, disputes alert moderators after 30. Any number of replicas may sweep at once: each takes
 * its due escrows with `for update skip locked`, so an escrow is handled by one of them, and the
 * state machine checks the deadline again under the lock.
 */
export function startTimeoutSweeper(
  db: Database,
  deps: EscrowDeps,
  logger: Logger,
  options: Partial<SweeperOptions> = {},
): TimeoutSweeper {
  const settings = { ...DEFAULT_SWEEPER_OPTIONS, ...options };
  const log = logger.child({ component: 'escrow-timeouts' });

  const sweep = async (stopping?: AbortSignal): Promise<SweepReport> => {
    const report: SweepReport = { funding: 0, 'auto-release': 0, 'dispute-alert': 0 };
    for (const timeout of TIMEOUTS) {
      for (;;) {
        const batch = await db.transaction((tx) =>
          sweepBatch(tx, timeout, deps, settings.batchSize),
        );
        report[timeout.name] += batch.changed;
        if (batch.changed > 0) settings.onSwept?.();
        // Only a full batch that moved escrows can leave more behind: a batch the state machine
        // refused entirely would be selected again and again.
        const mayHaveMore = batch.selected === settings.batchSize && batch.changed > 0;
        if (!mayHaveMore || stopping?.aborted === true) break;
      }
    }
    return report;
  };

  const repeating = startRepeating(
    settings.intervalMs,
    async (stopping) => {
      const report = await sweep(stopping);
      if (Object.values(report).some((count) => count > 0)) {
        log.info(report, 'escrow timeouts applied');
      }
    },
    (error) => log.warn({ err: error }, 'escrow timeout sweep failed; trying again next round'),
  );
  return { sweepOnce: () => sweep(), stop: () => repeating.stop() };
}

/** One batch in one transaction: how many escrows were due, and how many of them changed. */
async function sweepBatch(
  tx: Queryable,
  timeout: Timeout,
  deps: EscrowDeps,
  batchSize: number,
): Promise<{ selected: number; changed: number }> {
  const now = deps.clock.now();
  const { rows } = await tx.query<{ id: string; deadline: Date }>(timeout.due, [
    timeout.cutoff(now, deps.policy),
    batchSize,
  ]);
  let changed = 0;
  for (const { id, deadline } of rows) {
    const cause = createMeta({
      eventId: uuidv5(`${timeout.name}|${id}|${deadline.toISOString()}`, SWEEP_NAMESPACE),
      occurredAt: now,
      traceId: newTraceId(),
      correlationId: id,
    });
    const outcome = await applyEscrowCommand(tx, id, timeout.command, cause, deps);
    if (outcome.outcome === 'APPLIED' && outcome.eventCount > 0) changed += 1;
  }
  return { selected: rows.length, changed };
}

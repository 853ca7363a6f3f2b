import { startRepeating } from '@bloxtr8/bus';
import type { Logger } from '@bloxtr8/platform';
import { confirmTransfers } from './confirm-transfers.ts';
import type { ChainFollowing, FollowReport } from './follow-chain.ts';
import { followChain } from './follow-chain.ts';
import { screenDeposits } from './screen-deposits.ts';
import { sendTransfers } from './send-transfers.ts';
import type { UsdcDeps } from './usdc-deps.ts';

export interface ChainWatcherOptions {
  readonly intervalMs: number;
  readonly following: ChainFollowing;
  /** Called after a pass that wrote events (they wait in the payments outbox). */
  readonly onChanged?: () => void;
}

export interface ChainPassReport extends FollowReport {
  readonly decided: number;
  readonly sent: number;
  readonly closed: number;
}

export interface ChainWatcher {
  /** One full pass: follow the chain, screen confirmed deposits, send and confirm transfers. */
  watchOnce(): Promise<ChainPassReport>;
  /** Finishes the pass under way, then stops. */
  stop(): Promise<void>;
  /** Stops at once, abandoning the pass under way as a crashed process would. */
  kill(): void;
}

/**
 * The USDC rail's own loop, in the payments service: what webhooks are to Stripe, the chain is to
 * USDC. Every step is idempotent and restart-safe (its progress is in the payments tables), so
 * replicas may run it side by side and a crash at any point is picked up by the next pass.
 */
export function startChainWatcher(
  deps: UsdcDeps,
  logger: Logger,
  options: ChainWatcherOptions,
): ChainWatcher {
  const log = logger.child({ component: 'usdc-chain-watcher' });
  let isKilled = false;
  const watchOnce = async (): Promise<ChainPassReport> => {
    const followed = await followChain(deps, options.following);
    const decided = isKilled ? 0 : await screenDeposits(deps, log);
    const sent = isKilled ? 0 : await sendTransfers(deps);
    const closed = isKilled ? 0 : await confirmTransfers(deps, log);
    if (decided > 0 || closed > 0) options.onChanged?.();
    return { ...followed, decided, sent, closed };
  };
  const repeating = startRepeating(
    options.intervalMs,
    async () => {
      if (isKilled) return;
      const report = await watchOnce();
      if (report.seen + report.decided + report.sent + report.closed + report.reorged > 0) {
        log.info({ ...report, head: report.head.toString() }, 'usdc chain pass');
      }
    },
    (error) => log.warn({ err: error }, 'usdc chain pass failed; trying again next round'),
  );
  return {
    watchOnce,
    stop: () => repeating.stop(),
    kill: () => {
      isKilled = true;
      // The pass under way is left where it is, as a crash would leave it.
      void repeating.stop();
    },
  };
}

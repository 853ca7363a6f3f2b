import { startRepeating } from '@bloxtr8/bus';
import type { Logger } from '@bloxtr8/platform';
import type { PaymentsDeps } from '../handlers/payments-deps.ts';
import type { TransferRecording } from '../handlers/record-transfer-answer.ts';
import { pruneOldWebhookBodies } from './prune-webhook-bodies.ts';
import { retryHeldTransfers } from './retry-held-transfers.ts';

export interface PaymentsSweeperOptions {
  readonly intervalMs: number;
  /** Rows handled per transaction, for held releases and for pruned webhook bodies alike. */
  readonly batchSize: number;
  /** How long a held release waits before it is tried again. */
  readonly heldRetryMs: number;
  /** Called after a pass that wrote events (they wait in the payments outbox). */
  readonly onSwept?: () => void;
}

export const DEFAULT_PAYMENTS_SWEEPER_OPTIONS: PaymentsSweeperOptions = {
  intervalMs: 30_000,
  batchSize: 100,
  heldRetryMs: 60_000,
};

export interface PaymentsSweepReport {
  readonly heldTransfersTried: number;
  readonly webhookBodiesPruned: number;
}

export interface PaymentsSweeper {
  /** One full pass: due held releases, then expired webhook bodies. */
  sweepOnce(): Promise<PaymentsSweepReport>;
  stop(): Promise<void>;
}

/**
 * The payments service's own schedule: releases held for a seller who could not be paid are tried
 * again once they are due, and raw webhook bodies past their retention are cleared. Any number of
 * replicas may sweep at once (`for update skip locked`).
 */
export function startPaymentsSweeper(
  deps: PaymentsDeps,
  logger: Logger,
  options: PaymentsSweeperOptions,
): PaymentsSweeper {
  const log = logger.child({ component: 'payments-sweeper' });
  const recording = { ...deps, heldRetryMs: options.heldRetryMs } satisfies PaymentsDeps &
    TransferRecording;
  const sweep = async (stopping?: AbortSignal): Promise<PaymentsSweepReport> => {
    const heldTransfersTried = await retryHeldTransfers(
      recording,
      { batchSize: options.batchSize },
      log,
      stopping,
    );
    if (heldTransfersTried > 0) options.onSwept?.();
    const webhookBodiesPruned = await pruneOldWebhookBodies(
      deps.db,
      deps.clock,
      options.batchSize,
      stopping,
    );
    return { heldTransfersTried, webhookBodiesPruned };
  };
  const repeating = startRepeating(
    options.intervalMs,
    async (stopping) => {
      const report = await sweep(stopping);
      if (report.heldTransfersTried > 0 || report.webhookBodiesPruned > 0) {
        log.info(report, 'payments sweep done');
      }
    },
    (error) => log.warn({ err: error }, 'payments sweep failed; trying again next round'),
  );
  return { sweepOnce: () => sweep(), stop: () => repeating.stop() };
}

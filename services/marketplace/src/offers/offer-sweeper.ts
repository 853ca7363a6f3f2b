import { startRepeating } from '@bloxtr8/bus';
import type { Database } from '@bloxtr8/db';
import type { Clock, Logger } from '@bloxtr8/platform';
import { EXPIRE_OFFERS_LIMIT_DEFAULT, expireOffers } from './expire-offers.ts';
import { purgeExpiredOfferDrafts } from './offer-drafts.ts';

export interface OfferSweeperOptions {
  readonly db: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Pause between rounds. */
  readonly intervalMs: number;
  /** Offers per transaction. */
  readonly batchSize?: number;
  /** Batches per round: a backlog is worked off over several rounds, never in one endless one. */
  readonly batchesPerRoundMax?: number;
}

export interface OfferSweeper {
  /** One round; resolves with how many offers expired. */
  sweepOnce(): Promise<number>;
  /** Stops after the round in progress, if any. */
  stop(): Promise<void>;
}

/**
 * Expires due offers (and deletes expired drafts) every `intervalMs` until stopped; the first
 * round starts at once. A failed round is logged and retried the next time.
 */
export function startOfferSweeper(options: OfferSweeperOptions): OfferSweeper {
  const { db, clock, intervalMs } = options;
  if (!Number.isFinite(intervalMs) || intervalMs < 1) throw new Error('intervalMs must be ≥ 1');
  const batchSize = options.batchSize ?? EXPIRE_OFFERS_LIMIT_DEFAULT;
  const batchesMax = options.batchesPerRoundMax ?? 10;
  const log = options.logger.child({ component: 'offer-expiry' });
  const sweep = async (stopping?: AbortSignal): Promise<number> => {
    let expired = 0;
    for (let batch = 0; batch < batchesMax && stopping?.aborted !== true; batch += 1) {
      const count = await expireOffers(db, clock, { limit: batchSize });
      expired += count;
      if (count < batchSize) break;
    }
    await purgeExpiredOfferDrafts(db, clock, { limit: batchSize });
    return expired;
  };

  const repeating = startRepeating(
    intervalMs,
    async (stopping) => {
      const expired = await sweep(stopping);
      if (expired > 0) log.info({ expired }, 'offers expired');
    },
    (error) => log.warn({ err: error }, 'offer expiry failed; trying again next round'),
  );
  return { sweepOnce: () => sweep(), stop: () => repeating.stop() };
}

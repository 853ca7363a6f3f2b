import type { Repeating } from '@bloxtr8/bus';
import { startRepeating } from '@bloxtr8/bus';
import type { Database } from '@bloxtr8/db';
import type { Clock, Logger } from '@bloxtr8/platform';
import { voidContract } from './void-contract.ts';

/** Contracts voided per transaction: bounds lock time and batch size. */
export const VOID_BATCH_LIMIT = 100;

/**
 * Voids up to `limit` contracts still waiting for signatures past their expiry, each with
 * ContractVoided on the outbox and an audit record, in one transaction. `skip locked` leaves a
 * contract being signed right now to its signer (who will find it expired) and lets replicas sweep
 * side by side. Resolves with how many were voided.
 */
export async function voidExpiredContracts(
  db: Database,
  clock: Clock,
  options: { readonly limit: number } = { limit: VOID_BATCH_LIMIT },
): Promise<number> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; offer_id: string }>(
      `select id, offer_id from marketplace.contracts
       where status = 'PENDING_SIGNATURE' and expires_at <= $1
       order by expires_at limit $2 for update skip locked`,
      [now, Math.max(1, Math.min(options.limit, 1_000))],
    );
    for (const row of rows) {
      await voidContract(tx, { id: row.id, offerId: row.offer_id }, now, 'SIGNATURE_TIMEOUT');
    }
    return rows.length;
  });
}

export interface ContractSweeperOptions {
  readonly db: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly intervalMs: number;
  /** Called after a batch that voided contracts committed (their events wait in the outbox). */
  readonly onCommitted?: () => void;
}

/** Voids expired contracts every `intervalMs`, batch after batch, until stopped. */
export function startContractSweeper(options: ContractSweeperOptions): Repeating {
  const { db, clock, intervalMs } = options;
  const log = options.logger.child({ component: 'contract-sweeper' });
  return startRepeating(
    intervalMs,
    async (stopping) => {
      for (;;) {
        const voided = await voidExpiredContracts(db, clock, { limit: VOID_BATCH_LIMIT });
        if (voided > 0) {
          log.info({ voided }, 'unsigned contracts voided');
          options.onCommitted?.();
        }
        if (voided < VOID_BATCH_LIMIT || stopping.aborted) return;
      }
    },
    (error) => log.warn({ err: error }, 'contract sweep failed; trying again next round'),
  );
}

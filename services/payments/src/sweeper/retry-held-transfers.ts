import type { EventMeta, TransferToSeller } from '@bloxtr8/contracts';
import { CURRENCIES, createMeta, RAILS, TransferToSellerSchema } from '@bloxtr8/contracts';
import type { Logger } from '@bloxtr8/platform';
import { create } from '@bufbuild/protobuf';
import type { PaymentsDeps } from '../handlers/payments-deps.ts';
import type { TransferRecording } from '../handlers/record-transfer-answer.ts';
import { recordTransferAnswer } from '../handlers/record-transfer-answer.ts';
import { prepareTransferToSeller } from '../handlers/transfer-to-seller.ts';
import type { HeldTransfer } from '../store/held-transfers.ts';
import { claimDueHeldTransfers } from '../store/held-transfers.ts';
import { prepareUsdcRelease, recordUsdcRelease } from '../usdc/release-usdc.ts';

export interface HeldTransferRetry {
  /** Held releases tried per batch: bounds each claim and the calls that follow it. */
  readonly batchSize: number;
}

/**
 * Tries the held releases that are due again, in bounded batches, each exactly as it was first
 * asked (same attempt, so the same idempotency key): paid once the seller has a payout account
 * that can receive it, refused if the provider refuses, still held otherwise. Each claim pushes
 * the release's next try forward, so other replicas skip it and a pass that dies leaves it for a
 * later one. Returns how many it tried.
 */
export async function retryHeldTransfers(
  deps: PaymentsDeps & TransferRecording,
  options: HeldTransferRetry,
  logger: Logger,
  stopping?: AbortSignal,
): Promise<number> {
  let tried = 0;
  // One instant per pass: whatever this pass claims is leased past it, so it is not claimed twice.
  const now = deps.clock.now();
  const leaseUntil = new Date(now.getTime() + Math.max(1, deps.heldRetryMs));
  for (;;) {
    const batch = await deps.db.transaction((tx) =>
      claimDueHeldTransfers(tx, now, options.batchSize, leaseUntil),
    );
    for (const held of batch) await retryOne(held, deps, logger);
    tried += batch.length;
    if (batch.length < options.batchSize || stopping?.aborted === true) return tried;
  }
}

async function retryOne(
  held: HeldTransfer,
  deps: PaymentsDeps & TransferRecording,
  logger: Logger,
): Promise<void> {
  const command = commandOf(held);
  const cause = causeOf(held);
  try {
    await tryRelease(command, cause, deps);
  } catch (error) {
    // Left held: its next try is already scheduled by the claim.
    logger.error(
      { err: error, escrowId: held.escrowId, attempt: held.attempt },
      'a held release could not be tried again',
    );
  }
}

/** One more try of a held release, through its rail's own steps. */
async function tryRelease(
  command: TransferToSeller,
  cause: EventMeta,
  deps: PaymentsDeps & TransferRecording,
): Promise<void> {
  const { usdc } = deps;
  if (RAILS.toName(command.rail) === 'USDC_BASE' && usdc !== undefined) {
    const answer = await prepareUsdcRelease(command, deps, usdc);
    await deps.db.transaction((tx) => recordUsdcRelease(tx, command, cause, answer, deps, usdc));
    return;
  }
  const answer = await prepareTransferToSeller(command, deps);
  await deps.db.transaction((tx) => recordTransferAnswer(tx, command, cause, answer, deps));
}

/** The TransferToSeller command that was held, as it was asked. */
function commandOf(held: HeldTransfer): TransferToSeller {
  return create(TransferToSellerSchema, {
    meta: causeOf(held),
    escrowId: held.escrowId,
    rail: RAILS.toWire(held.rail),
    amountMinor: held.amountMinor,
    feeMinor: held.feeMinor,
    currency: CURRENCIES.toWire(held.currency),
    providerPaymentId: held.providerPaymentId,
    attempt: held.attempt,
    sellerId: held.sellerId,
  });
}

/**
 * The held command's own meta, as far as the events it causes need it: their causation, trace and
 * correlation come from it (its time does not matter to them and is not kept).
 */
function causeOf(held: HeldTransfer): EventMeta {
  return createMeta({
    eventId: held.causeEventId,
    occurredAt: new Date(0),
    traceId: held.traceId,
    correlationId: held.correlationId,
  });
}

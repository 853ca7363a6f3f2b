import type { CreatePaymentIntent, EventMeta } from '@bloxtr8/contracts';
import { PaymentIntentCreatedSchema } from '@bloxtr8/contracts';
import type { Queryable } from '@bloxtr8/db';
import { create } from '@bufbuild/protobuf';
import { emitPaymentEvent, metaAfter } from '../mapping/payment-events.ts';
import { recordArtifact } from '../store/payment-artifacts.ts';
import { saveUsdcEscrow } from '../store/usdc-escrows.ts';
import type { UsdcDeps } from './usdc-deps.ts';

/**
 * The buyer's way to pay a USDC escrow: its own deposit address, derived from the escrow id (no
 * provider call, nothing to allocate), kept so the chain watcher follows it, and announced.
 */
export async function handleCreateDepositAddress(
  tx: Queryable,
  command: CreatePaymentIntent,
  cause: EventMeta,
  deps: UsdcDeps,
): Promise<void> {
  const meta = metaAfter(cause, deps.clock.now());
  const depositAddress = deps.rail.depositAddressOf(command.escrowId);
  await saveUsdcEscrow(tx, {
    escrowId: command.escrowId,
    buyerId: command.buyerId,
    sellerId: command.sellerId,
    correlationId: meta.correlationId,
    depositAddress,
    amountMinor: command.amountMinor,
    confirmationsRequired: deps.confirmations,
  });
  await recordArtifact(tx, {
    escrowId: command.escrowId,
    rail: 'USDC_BASE',
    kind: 'DEPOSIT_ADDRESS',
    providerId: depositAddress,
    amountMinor: command.amountMinor,
    currency: 'USDC',
    providerStatus: 'awaiting_deposit',
    idempotencyKey: `${command.escrowId}:create-payment`,
  });
  await emitPaymentEvent(tx, {
    case: 'paymentIntentCreated',
    value: create(PaymentIntentCreatedSchema, {
      meta,
      escrowId: command.escrowId,
      rail: command.rail,
      providerPaymentId: depositAddress,
      amountMinor: command.amountMinor,
      currency: command.currency,
      depositAddress,
    }),
  });
}

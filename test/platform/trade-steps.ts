import { DisputeReason, TOPICS } from '@bloxtr8/contracts';
import { eventually } from './eventually.ts';
import { ensureSignedUp, onboardSeller } from './payout-fixtures.ts';
import type { TestPlatform } from './start-test-platform.ts';
import type { Trade } from './trade-fixtures.ts';
import { contractExecuted, escrowCommand } from './trade-fixtures.ts';

/** The PaymentIntent the payments service created for the trade's escrow. */
export async function paymentIntentOf(platform: TestPlatform, trade: Trade): Promise<string> {
  const created = await eventually(
    async () =>
      platform.recorder
        .of(TOPICS.paymentEvents, trade.escrowId)
        .find((message) => message.kind === 'paymentIntentCreated'),
    (message) => message !== undefined,
    'the payment intent',
  );
  return created?.message.providerPaymentId as string;
}

export interface OpenEscrowOptions {
  /** Whether the seller set up payouts (through the API) before signing; yes by default. */
  readonly sellerPayouts?: boolean;
}

/**
 * Executes the trade's contract and waits for its escrow to await funds. The seller is a signed-up
 * user who, unless told otherwise, has onboarded their payout account through the API.
 */
export async function openEscrow(
  platform: TestPlatform,
  trade: Trade,
  options: OpenEscrowOptions = {},
): Promise<string> {
  if (options.sellerPayouts === false) await ensureSignedUp(platform, trade.sellerId);
  else await onboardSeller(platform, trade.sellerId);
  await platform.publish(TOPICS.contractEvents, contractExecuted(trade));
  await platform.waitForStatus(trade.escrowId, 'AWAIT_FUNDS');
  return paymentIntentOf(platform, trade);
}

/** The buyer pays in the (sandbox) Stripe UI; the escrow then holds the funds. */
export async function fundEscrow(
  platform: TestPlatform,
  trade: Trade,
  options: OpenEscrowOptions = {},
): Promise<string> {
  const paymentIntentId = await openEscrow(platform, trade, options);
  await platform.stripe.control.succeedPaymentIntent(paymentIntentId);
  await platform.waitForStatus(trade.escrowId, 'FUNDS_HELD');
  return paymentIntentId;
}

export async function deliverEscrow(
  platform: TestPlatform,
  trade: Trade,
  options: OpenEscrowOptions = {},
): Promise<void> {
  await fundEscrow(platform, trade, options);
  await platform.publish(
    TOPICS.escrowCommands,
    escrowCommand(trade, 'markDelivered', 'seller', { note: 'keys sent' }),
  );
  await platform.waitForStatus(trade.escrowId, 'DELIVERED');
}

export async function disputeEscrow(platform: TestPlatform, trade: Trade): Promise<void> {
  await deliverEscrow(platform, trade);
  await platform.publish(
    TOPICS.escrowCommands,
    escrowCommand(trade, 'raiseDispute', 'buyer', {
      reason: DisputeReason.NOT_AS_DESCRIBED,
      detail: 'not as described',
    }),
  );
  await platform.waitForStatus(trade.escrowId, 'DISPUTED');
}

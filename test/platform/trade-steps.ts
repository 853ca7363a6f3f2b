import { DisputeReason, TOPICS } from '@bloxtr8/contracts';
import type { TestPlatform } from './start-test-platform.ts';
import type { Trade } from './trade-fixtures.ts';
import { contractExecuted, escrowCommand } from './trade-fixtures.ts';

async function waitUntil<T>(
  what: string,
  read: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The PaymentIntent the payments service created for the trade's escrow. */
export function paymentIntentOf(platform: TestPlatform, trade: Trade): Promise<string> {
  return waitUntil('the payment intent', () => {
    const created = platform.recorder
      .of(TOPICS.paymentEvents, trade.escrowId)
      .find((message) => message.kind === 'paymentIntentCreated');
    return created?.message.providerPaymentId as string | undefined;
  });
}

/** Executes the trade's contract and waits for its escrow to await funds. */
export async function openEscrow(platform: TestPlatform, trade: Trade): Promise<string> {
  await platform.stripe.control.registerAccount({ id: trade.sellerAccount as `acct_${string}` });
  await platform.publish(TOPICS.contractEvents, contractExecuted(trade));
  await platform.waitForStatus(trade.escrowId, 'AWAIT_FUNDS');
  return paymentIntentOf(platform, trade);
}

/** The buyer pays in the (sandbox) Stripe UI; the escrow then holds the funds. */
export async function fundEscrow(platform: TestPlatform, trade: Trade): Promise<string> {
  const paymentIntentId = await openEscrow(platform, trade);
  await platform.stripe.control.succeedPaymentIntent(paymentIntentId);
  await platform.waitForStatus(trade.escrowId, 'FUNDS_HELD');
  return paymentIntentId;
}

export async function deliverEscrow(platform: TestPlatform, trade: Trade): Promise<void> {
  await fundEscrow(platform, trade);
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

import type {
  PaymentEventEnvelope,
  PaymentFailed,
  PaymentIntentCreated,
  TransferHeld,
  TransferSucceeded,
} from '@bloxtr8/contracts';
import { Rail } from '@bloxtr8/contracts';
import { escrowButtons, formatUsd, message } from '@bloxtr8/discord-kit';
import type { NoticeRule } from './notice.ts';
import { noticesFor } from './notice.ts';

type Case = NonNullable<PaymentEventEnvelope['event']['case']>;

/** The buyer can pay now: the Pay link (or the USDC deposit address). */
const paymentIntentCreated: NoticeRule<PaymentIntentCreated> = async (event, lookups) => {
  const parties = await lookups.escrowParties(event.escrowId);
  const where =
    event.rail === Rail.USDC_BASE
      ? ` Send USDC on Base to \`${event.depositAddress}\`.`
      : ' Pay with the button below.';
  return noticesFor(
    [parties?.buyerId],
    'payment.requested',
    message(`💳 Your escrow awaits ${formatUsd(event.amountMinor)}.${where}`, {
      rows: escrowButtons(event.escrowId, { state: 'AWAIT_FUNDS', yourCapacity: 'BUYER' }, null),
    }),
    parties?.listingId ?? null,
  );
};

const paymentFailed: NoticeRule<PaymentFailed> = async (event, lookups) => {
  const parties = await lookups.escrowParties(event.escrowId);
  return noticesFor(
    [parties?.buyerId],
    'payment.failed',
    message(
      `⚠️ Your payment did not go through (${event.failureCode}). Nothing was charged; try again.`,
    ),
    parties?.listingId ?? null,
  );
};

/** USDC payouts carry their transaction hash. */
const transferSucceeded: NoticeRule<TransferSucceeded> = async (event, lookups) => {
  if (event.txHash === '') return [];
  const parties = await lookups.escrowParties(event.escrowId);
  return noticesFor(
    [parties?.sellerId],
    'payment.transferred',
    message(`🔗 ${formatUsd(event.amountMinor)} sent on Base: transaction \`${event.txHash}\`.`),
    parties?.listingId ?? null,
  );
};

/** The release waits for the seller's payouts: they set them up with `/payout`, then are paid. */
const transferHeld: NoticeRule<TransferHeld> = async (event, lookups) => {
  const parties = await lookups.escrowParties(event.escrowId);
  const why =
    event.reason === 'PAYOUT_ACCOUNT_NOT_READY'
      ? 'your Stripe payout account is not ready yet'
      : 'you have no payout account yet';
  return noticesFor(
    [event.sellerId || parties?.sellerId],
    'payment.transfer_held',
    message(
      `⏸️ Your payment is released but held: ${why}. Run \`/payout\` to finish setting up payouts; you are paid as soon as it is done.`,
    ),
    parties?.listingId ?? null,
  );
};

/** Payment events that ask something of someone. Adding one (e.g. TransferHeld) is one entry. */
export const PAYMENT_NOTICES: { readonly [C in Case]?: NoticeRule<never> } = {
  paymentIntentCreated,
  paymentFailed,
  transferSucceeded,
  transferHeld,
} as { readonly [C in Case]?: NoticeRule<never> };

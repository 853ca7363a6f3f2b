import type {
  EscrowCancelled,
  EscrowDelivered,
  EscrowDisputed,
  EscrowDisputeStale,
  EscrowEventEnvelope,
  EscrowFundsHeld,
  EscrowRefunded,
  EscrowReleased,
  EscrowSettlementFailed,
} from '@bloxtr8/contracts';
import {
  disputeButtons,
  escrowButtons,
  formatUsd,
  message,
  viewEscrowButton,
} from '@bloxtr8/discord-kit';
import type { Notice, NoticeLookups, NoticeRule } from './notice.ts';
import { MODERATORS, noticesFor } from './notice.ts';

type Case = NonNullable<EscrowEventEnvelope['event']['case']>;

/** The parties of the escrow an event is about, and a notice builder bound to it. */
async function partiesOf(lookups: NoticeLookups, escrowId: string) {
  const parties = await lookups.escrowParties(escrowId);
  const tell = (recipients: Array<string | undefined>, kind: string, body: Notice['body']) =>
    noticesFor(recipients, kind, body, parties?.listingId ?? null);
  return { buyer: parties?.buyerId, seller: parties?.sellerId, tell };
}

/** Money held: the seller hands the game over and marks it delivered. */
const escrowFundsHeld: NoticeRule<EscrowFundsHeld> = async (event, lookups) => {
  const { buyer, seller, tell } = await partiesOf(lookups, event.escrowId);
  const amount = formatUsd(event.amountMinor);
  return [
    ...tell(
      [seller],
      'escrow.funds_held',
      message(
        `💰 The buyer paid ${amount}; it is held in escrow. Hand the game over, then mark it delivered.`,
        {
          rows: escrowButtons(
            event.escrowId,
            { state: 'FUNDS_HELD', yourCapacity: 'SELLER' },
            null,
          ),
        },
      ),
    ),
    ...tell(
      [buyer],
      'escrow.funds_held',
      message(`💰 Your ${amount} is held in escrow. The seller now hands the game over.`, {
        rows: viewEscrowButton(event.escrowId),
      }),
    ),
  ];
};

/** Delivered: the buyer confirms and releases, or disputes, before the automatic release. */
const escrowDelivered: NoticeRule<EscrowDelivered> = async (event, lookups) => {
  const { buyer, tell } = await partiesOf(lookups, event.escrowId);
  const text = `📦 The seller marked the game delivered. Check it, then confirm & release. Without a dispute the money is released on ${event.autoReleaseAt}.`;
  return tell(
    [buyer],
    'escrow.delivered',
    message(text, {
      rows: escrowButtons(event.escrowId, { state: 'DELIVERED', yourCapacity: 'BUYER' }, null),
    }),
  );
};

const escrowReleased: NoticeRule<EscrowReleased> = async (event, lookups) => {
  const { buyer, seller, tell } = await partiesOf(lookups, event.escrowId);
  return [
    ...tell(
      [seller],
      'escrow.released',
      message(
        `🎉 Released: ${formatUsd(event.payoutMinor)} is on its way to you (fee ${formatUsd(event.feeMinor)}). Transfer ${event.providerTransferId}.`,
      ),
    ),
    ...tell(
      [buyer],
      'escrow.released',
      message('🎉 Trade complete: the money was released to the seller.'),
    ),
  ];
};

/** A dispute: the moderators decide; the other party is told. */
const escrowDisputed: NoticeRule<EscrowDisputed> = async (event, lookups) => {
  const { buyer, seller, tell } = await partiesOf(lookups, event.escrowId);
  const other = event.actorId === buyer ? seller : buyer;
  return [
    ...tell(
      [MODERATORS],
      'escrow.disputed',
      message(`⚖️ Dispute on escrow \`${event.escrowId}\`: ${event.detail.slice(0, 500)}`, {
        rows: disputeButtons(event.escrowId),
      }),
    ),
    ...tell(
      [other],
      'escrow.disputed',
      message(
        '⚖️ The other party opened a dispute. A moderator will decide; the money stays held.',
        { rows: viewEscrowButton(event.escrowId) },
      ),
    ),
  ];
};

const escrowDisputeStale: NoticeRule<EscrowDisputeStale> = async (event, lookups) => {
  const { tell } = await partiesOf(lookups, event.escrowId);
  return tell(
    [MODERATORS],
    'escrow.dispute_stale',
    message(
      `⏰ The dispute on escrow \`${event.escrowId}\` has waited since ${event.disputedAt}.`,
      { rows: disputeButtons(event.escrowId) },
    ),
  );
};

const escrowRefunded: NoticeRule<EscrowRefunded> = async (event, lookups) => {
  const { buyer, seller, tell } = await partiesOf(lookups, event.escrowId);
  return [
    ...tell(
      [buyer],
      'escrow.refunded',
      message(`↩️ You were refunded ${formatUsd(event.amountMinor)}.`),
    ),
    ...tell([seller], 'escrow.refunded', message('↩️ The trade ended with a refund to the buyer.')),
  ];
};

const escrowCancelled: NoticeRule<EscrowCancelled> = async (event, lookups) => {
  const { buyer, seller, tell } = await partiesOf(lookups, event.escrowId);
  return tell(
    [buyer, seller],
    'escrow.cancelled',
    message('🚫 The escrow was cancelled before it was paid.'),
  );
};

const escrowSettlementFailed: NoticeRule<EscrowSettlementFailed> = async (event, lookups) => {
  const { seller, tell } = await partiesOf(lookups, event.escrowId);
  return tell(
    [seller, MODERATORS],
    'escrow.settlement_failed',
    message(
      `⚠️ Moving the money for escrow \`${event.escrowId}\` failed (${event.failureCode}). The money is safe; it will be tried again.`,
    ),
  );
};

/** The escrow events that ask something of someone (the rest are bookkeeping). */
export const ESCROW_NOTICES: { readonly [C in Case]?: NoticeRule<never> } = {
  escrowFundsHeld,
  escrowDelivered,
  escrowReleased,
  escrowDisputed,
  escrowDisputeStale,
  escrowRefunded,
  escrowCancelled,
  escrowSettlementFailed,
} as { readonly [C in Case]?: NoticeRule<never> };

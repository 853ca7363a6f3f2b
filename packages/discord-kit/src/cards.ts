import type { APIEmbed } from 'discord-api-types/v10';
import type { ContractJson, EscrowJson, ListingJson } from './api-shapes.ts';
import type { ButtonRow } from './builders.ts';
import { ButtonStyle, button, COLOURS, linkButton, row } from './builders.ts';
import { encodeCustomId } from './custom-ids.ts';
import { formatUsd } from './money.ts';

/** The four price channels of a marketplace (SPEC §3.3), by upper bound in cents. */
export const PRICE_RANGES = [
  { key: 'under-5k', name: 'listings-under-5k', maxMinor: 500_000n },
  { key: '5k-20k', name: 'listings-5k-to-20k', maxMinor: 2_000_000n },
  { key: '20k-100k', name: 'listings-20k-to-100k', maxMinor: 10_000_000n },
  { key: '100k-plus', name: 'listings-100k-plus', maxMinor: null },
] as const;
export type PriceRangeKey = (typeof PRICE_RANGES)[number]['key'];

export function priceRangeOf(priceMinor: bigint): PriceRangeKey {
  const range = PRICE_RANGES.find(
    (entry) => entry.maxMinor === null || priceMinor < entry.maxMinor,
  );
  return range?.key ?? '100k-plus';
}

const count = (value: number) => value.toLocaleString('en-US');

/** A listing as posted and searched: the game's thumbnail, price, category, tier badge, figures. */
export function listingEmbed(listing: ListingJson, sellerVerified = false): APIEmbed {
  const status = listing.status === 'ACTIVE' ? '' : ` — ${listing.status}`;
  return {
    title: `${listing.title}${status}`.slice(0, 256),
    description: listing.summary.slice(0, 1000),
    color: listing.status === 'ACTIVE' ? COLOURS.info : COLOURS.danger,
    fields: [
      { name: 'Price', value: formatUsd(listing.priceMinor), inline: true },
      { name: 'Category', value: listing.category.slice(0, 100) || '—', inline: true },
      { name: 'Seller', value: sellerVerified ? '✅ Verified seller' : 'Seller', inline: true },
      { name: 'Players', value: count(listing.snapshot.playing), inline: true },
      { name: 'Visits', value: count(listing.snapshot.visits), inline: true },
      { name: 'Game', value: listing.snapshot.name.slice(0, 100), inline: true },
    ],
    ...(listing.snapshot.thumbnailUrl === null
      ? {}
      : { thumbnail: { url: listing.snapshot.thumbnailUrl } }),
    footer: { text: `Listing ${listing.id}` },
  };
}

export function listingButtons(listing: Pick<ListingJson, 'id' | 'status'>): ButtonRow[] {
  if (listing.status !== 'ACTIVE') return [];
  return [row(button(encodeCustomId('offer:make', { listingId: listing.id }), 'Make offer'))];
}

/** The answers to an offer, for the party that did not propose it. */
export function offerButtons(offerId: string): ButtonRow[] {
  return [
    row(
      button(encodeCustomId('offer:accept', { offerId }), 'Accept', ButtonStyle.Success),
      button(encodeCustomId('offer:counter', { offerId }), 'Counter', ButtonStyle.Secondary),
      button(encodeCustomId('offer:decline', { offerId }), 'Decline', ButtonStyle.Danger),
    ),
  ];
}

export function contractEmbed(contract: ContractJson): APIEmbed {
  const signers = contract.signatures?.length ?? 0;
  return {
    title: `Contract ${contract.id}`,
    color: contract.status === 'EXECUTED' ? COLOURS.success : COLOURS.action,
    fields: [
      { name: 'Price', value: formatUsd(contract.amountMinor), inline: true },
      { name: 'Payment', value: contract.rail, inline: true },
      { name: 'Status', value: contract.status, inline: true },
      { name: 'Signatures', value: `${signers} of 2`, inline: true },
      { name: 'PDF SHA-256', value: `\`${contract.pdfSha256}\`` },
    ],
  };
}

export function contractButtons(contractId: string): ButtonRow[] {
  return [
    row(
      button(encodeCustomId('contract:sign', { contractId }), 'Sign: I AGREE', ButtonStyle.Success),
      button(
        encodeCustomId('contract:weblink', { contractId }),
        'Sign on the web',
        ButtonStyle.Secondary,
      ),
    ),
  ];
}

export function escrowEmbed(escrowId: string, escrow: EscrowJson): APIEmbed {
  const deadline = escrow.payment.fundingDeadlineAt;
  return {
    title: `Escrow ${escrowId}`,
    color: escrow.state === 'RELEASED' ? COLOURS.success : COLOURS.info,
    fields: [
      { name: 'State', value: escrow.state ?? 'opening', inline: true },
      { name: 'Amount', value: formatUsd(escrow.amountMinor), inline: true },
      { name: 'You are', value: escrow.yourCapacity.toLowerCase(), inline: true },
      ...(deadline === null ? [] : [{ name: 'Pay before', value: deadline, inline: true }]),
      ...(escrow.autoReleaseAt === null
        ? []
        : [{ name: 'Auto-release', value: escrow.autoReleaseAt, inline: true }]),
    ],
  };
}

/** The next steps the escrow's state asks of this party, as buttons (SPEC §4). */
export function escrowButtons(
  escrowId: string,
  escrow: Pick<EscrowJson, 'state' | 'yourCapacity'>,
  payUrl: string | null,
): ButtonRow[] {
  const id = { escrowId };
  const buyer = escrow.yourCapacity === 'BUYER';
  const seller = escrow.yourCapacity === 'SELLER';
  const dispute = button(encodeCustomId('escrow:dispute', id), 'Open dispute', ButtonStyle.Danger);
  switch (escrow.state) {
    case 'AWAIT_FUNDS':
      return [
        row(
          ...(buyer ? [payButton(escrowId, payUrl)] : []),
          ...(buyer || seller
            ? [button(encodeCustomId('escrow:cancel', id), 'Cancel', ButtonStyle.Secondary)]
            : []),
        ),
      ];
    case 'FUNDS_HELD':
      return [
        row(
          ...(seller ? [button(encodeCustomId('escrow:deliver', id), 'Mark delivered')] : []),
          ...(buyer || seller ? [dispute] : []),
        ),
      ];
    case 'DELIVERED':
      return [
        row(
          ...(buyer
            ? [
                button(
                  encodeCustomId('escrow:release', id),
                  'Confirm & release',
                  ButtonStyle.Success,
                ),
              ]
            : []),
          ...(buyer || seller ? [dispute] : []),
        ),
      ];
    default:
      return [];
  }
}

/**
 * The buyer's Pay: the payment page when its link is known (the bot asked the API as the buyer),
 * else a button that asks for it when clicked, so the page's credential never sits in a DM.
 */
function payButton(escrowId: string, payUrl: string | null) {
  return payUrl === null
    ? button(encodeCustomId('escrow:pay', { escrowId }), 'Pay', ButtonStyle.Success)
    : linkButton(payUrl, 'Pay');
}

export function disputeButtons(escrowId: string): ButtonRow[] {
  return [
    row(
      button(
        encodeCustomId('dispute:resolve', { escrowId, outcome: 'RELEASE' }),
        'Resolve: release',
        ButtonStyle.Success,
      ),
      button(
        encodeCustomId('dispute:resolve', { escrowId, outcome: 'REFUND' }),
        'Resolve: refund',
        ButtonStyle.Danger,
      ),
    ),
  ];
}

export function viewEscrowButton(escrowId: string): ButtonRow[] {
  return [
    row(button(encodeCustomId('escrow:view', { escrowId }), 'View escrow', ButtonStyle.Secondary)),
  ];
}

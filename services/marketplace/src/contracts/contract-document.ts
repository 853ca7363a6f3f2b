import type { RailName } from '@bloxtr8/contracts';
import type { GameSnapshot } from '../verification/game-snapshot.ts';
import { formatUsdCents } from './format-amount.ts';

export interface ContractParty {
  readonly userId: string;
  /** The Discord username at the time the contract was generated. */
  readonly username: string;
  /** The linked Roblox username, when known. */
  readonly robloxUsername: string | null;
}

/** Everything a contract PDF shows; rendering it is a pure function of this. */
export interface ContractDocument {
  readonly contractId: string;
  readonly offerId: string;
  readonly listingId: string;
  readonly listingTitle: string;
  readonly templateVersion: string;
  readonly templateBody: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly buyer: ContractParty;
  readonly seller: ContractParty;
  /** The agreed price in US cents (the accepted offer's amount). */
  readonly priceCents: bigint;
  readonly rail: RailName;
  readonly game: GameSnapshot;
}

/** A block of the document: a heading, or a paragraph the renderer wraps. */
export type ContractBlock =
  | { readonly kind: 'title'; readonly text: string }
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string };

const RAIL_TEXT: Record<RailName, string> = {
  STRIPE: 'card payment through Stripe, in US dollars',
  USDC_BASE: 'USDC stablecoin on the Base network (1 USDC = 1 US dollar)',
};

function partyText(role: string, party: ContractParty): string {
  const roblox = party.robloxUsername === null ? '' : `, Roblox account ${party.robloxUsername}`;
  return `${role}: ${party.username} (Bloxtr8 user ${party.userId}${roblox})`;
}

/** The contract's content in reading order: terms first, then the template's clauses. */
export function contractBlocks(document: ContractDocument): ContractBlock[] {
  const { game } = document;
  const clauses = document.templateBody
    .trim()
    .split(/\n\s*\n/)
    .map((text): ContractBlock => ({ kind: 'paragraph', text: text.replace(/\s+/g, ' ') }));
  return [
    { kind: 'title', text: 'Bloxtr8 game sale contract' },
    { kind: 'paragraph', text: `Contract ${document.contractId}` },
    {
      kind: 'paragraph',
      text: `Template version ${document.templateVersion}. Generated ${document.createdAt.toISOString()}; void unless signed by both parties before ${document.expiresAt.toISOString()}.`,
    },
    { kind: 'heading', text: 'Parties' },
    { kind: 'paragraph', text: partyText('Seller', document.seller) },
    { kind: 'paragraph', text: partyText('Buyer', document.buyer) },
    { kind: 'heading', text: 'Terms' },
    { kind: 'paragraph', text: `Listing: ${document.listingTitle} (${document.listingId})` },
    { kind: 'paragraph', text: `Accepted offer: ${document.offerId}` },
    { kind: 'paragraph', text: `Price: ${formatUsdCents(document.priceCents)} (US dollars)` },
    { kind: 'paragraph', text: `Payment rail: ${RAIL_TEXT[document.rail]}` },
    { kind: 'heading', text: 'The game, as verified when listed' },
    { kind: 'paragraph', text: `Name: ${game.name}` },
    {
      kind: 'paragraph',
      text: `Roblox universe ${game.universeId}${game.rootPlaceId === null ? '' : `, root place ${game.rootPlaceId}`}`,
    },
    {
      kind: 'paragraph',
      text: `Visits ${game.visits}; playing ${game.playing} at capture; created ${game.gameCreatedAt?.toISOString() ?? 'unknown'}; captured ${game.capturedAt.toISOString()}`,
    },
    {
      kind: 'paragraph',
      text: `Description: ${game.description === '' ? '(none)' : game.description}`,
    },
    { kind: 'heading', text: 'Clauses' },
    ...clauses,
  ];
}

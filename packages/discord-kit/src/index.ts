export type {
  ContractJson,
  DisputeJson,
  EscrowJson,
  GameSnapshotJson,
  ListingJson,
  OfferJson,
} from './api-shapes.ts';
export type { ButtonRow, MessageBody, TextField } from './builders.ts';
export {
  ButtonStyle,
  button,
  COLOURS,
  ephemeral,
  linkButton,
  message,
  modal,
  row,
  select,
} from './builders.ts';
export type { PriceRangeKey } from './cards.ts';
export {
  contractButtons,
  contractEmbed,
  disputeButtons,
  escrowButtons,
  escrowEmbed,
  listingButtons,
  listingEmbed,
  offerButtons,
  PRICE_RANGES,
  priceRangeOf,
  viewEscrowButton,
} from './cards.ts';
export type { CustomIdKind, ParsedCustomId } from './custom-ids.ts';
export { CUSTOM_ID_KINDS, encodeCustomId, parseCustomId } from './custom-ids.ts';
export type { DiscordRestSettings, REST } from './discord-rest.ts';
export { createDiscordRest } from './discord-rest.ts';
export { formatUsd, parseUsd } from './money.ts';

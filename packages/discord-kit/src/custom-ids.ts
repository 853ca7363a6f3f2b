/**
 * Every `custom_id` the bot puts on a button, select menu or modal, in one versioned codec:
 * `<kind>:v1:<arg>:<arg>…`, e.g. `offer:accept:v1:<offer id>`. This is all the state the bot keeps
 * between two interactions (Discord carries it), so a change of meaning gets a new version and the
 * old one is still parsed while messages that carry it may be clicked.
 */
export const CUSTOM_ID_KINDS = {
  'signup:accept': [],
  'listing:create': ['universeId'],
  'listing:page': ['cursor'],
  'offer:make': ['listingId'],
  'offer:pick': [],
  'offer:accept': ['offerId'],
  'offer:counter': ['offerId'],
  'offer:decline': ['offerId'],
  'contract:sign': ['contractId'],
  'contract:weblink': ['contractId'],
  'escrow:view': ['escrowId'],
  'escrow:pay': ['escrowId'],
  'escrow:deliver': ['escrowId'],
  'escrow:release': ['escrowId'],
  'escrow:dispute': ['escrowId'],
  'escrow:cancel': ['escrowId'],
  'dispute:resolve': ['escrowId', 'outcome'],
} as const satisfies Record<string, readonly string[]>;

export type CustomIdKind = keyof typeof CUSTOM_ID_KINDS;
type ArgsOf<Kind extends CustomIdKind> = {
  readonly [Name in (typeof CUSTOM_ID_KINDS)[Kind][number]]: string;
};
export interface ParsedCustomId<Kind extends CustomIdKind = CustomIdKind> {
  readonly kind: Kind;
  readonly args: ArgsOf<Kind>;
}

const VERSION = 'v1';
/** Discord's limit on a custom_id. */
export const CUSTOM_ID_LENGTH_MAX = 100;
const ARG = /^[A-Za-z0-9_=-]*$/;

export function encodeCustomId<Kind extends CustomIdKind>(kind: Kind, args: ArgsOf<Kind>): string {
  const names = CUSTOM_ID_KINDS[kind] as readonly string[];
  const values = names.map((name) => (args as Record<string, string>)[name] ?? '');
  for (const value of values) {
    if (!ARG.test(value)) throw new Error(`custom_id argument of ${kind} is not plain: ${value}`);
  }
  const text = [kind, VERSION, ...values].join(':');
  if (text.length > CUSTOM_ID_LENGTH_MAX) throw new Error(`custom_id too long: ${kind}`);
  return text;
}

/** The kind and arguments of a custom_id this codec made, or null for anything else. */
export function parseCustomId(text: string): ParsedCustomId | null {
  const parts = text.split(':');
  const kind = `${parts[0]}:${parts[1]}`;
  if (parts[2] !== VERSION || !Object.hasOwn(CUSTOM_ID_KINDS, kind)) return null;
  const names = CUSTOM_ID_KINDS[kind as CustomIdKind] as readonly string[];
  const values = parts.slice(3);
  if (values.length !== names.length || !values.every((value) => ARG.test(value))) return null;
  const args = Object.fromEntries(names.map((name, index) => [name, values[index] ?? '']));
  return { kind: kind as CustomIdKind, args } as ParsedCustomId;
}

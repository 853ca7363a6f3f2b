import type { Queryable } from '@bloxtr8/db';
import type { MessageBody } from '@bloxtr8/discord-kit';
import type { Contract, Listing, Offer } from '@bloxtr8/marketplace';
import type { EscrowParties } from '../store/escrow-parties.ts';

/** Every moderator and admin: who is told about disputes. */
export const MODERATORS = 'MODERATORS';

/** One message to one person (or to the moderators) that a state change asks for. */
export interface Notice {
  /** A user id, or MODERATORS. */
  readonly recipient: string;
  /** What it is about, e.g. `offer.made` (kept with the delivery). */
  readonly kind: string;
  readonly body: MessageBody;
  /** The listing whose thread takes the message when the person's DMs are closed. */
  readonly listingId: string | null;
}

/** What the rules may read: the service's own facts and other services' public functions. */
export interface NoticeLookups {
  readonly db: Queryable;
  escrowParties(escrowId: string): Promise<EscrowParties | undefined>;
  listing(listingId: string): Promise<Listing | undefined>;
  contract(contractId: string): Promise<Contract | undefined>;
  offer(offerId: string): Promise<Offer | undefined>;
}

/** What one kind of event asks of whom: the table entry of one message type. */
export type NoticeRule<Message> = (message: Message, lookups: NoticeLookups) => Promise<Notice[]>;

/** `notice(recipient, kind, body, listingId)` for each recipient id. */
export function noticesFor(
  recipients: ReadonlyArray<string | null | undefined>,
  kind: string,
  body: MessageBody,
  listingId: string | null,
): Notice[] {
  return recipients.flatMap((recipient) =>
    recipient === null || recipient === undefined || recipient === ''
      ? []
      : [{ recipient, kind, body, listingId }],
  );
}

/** The listing's title for a sentence, or a neutral word when it cannot be read. */
export async function titleOf(lookups: NoticeLookups, listingId: string | null): Promise<string> {
  if (listingId === null) return 'your trade';
  const listing = await lookups.listing(listingId);
  return listing === undefined ? 'your trade' : `“${listing.title}”`;
}

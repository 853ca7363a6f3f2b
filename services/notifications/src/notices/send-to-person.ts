import type { MessageBody } from '@bloxtr8/discord-kit';
import type { DeliveryChannel } from '../store/deliveries.ts';
import { listListingPosts } from '../store/listing-posts.ts';
import type { NotificationsRuntime } from './notifications-runtime.ts';

export interface SendOutcome {
  readonly channel: DeliveryChannel | null;
  readonly messageId: string | null;
}

/**
 * A DM; when the person's DMs are closed, the same message in the trade's thread (the listing's
 * post in its own server first), naming them so Discord tells them. Nowhere to post: nothing is
 * sent and the caller records it as unreachable — a trade never waits on a message.
 */
export async function sendToPerson(
  runtime: NotificationsRuntime,
  discordUserId: string,
  body: MessageBody,
  listingId: string | null,
): Promise<SendOutcome> {
  const dm = await runtime.messenger.sendDm(discordUserId, body);
  if (dm.ok) return { channel: 'DM', messageId: dm.value.messageId };
  const thread = listingId === null ? undefined : await tradeThreadOf(runtime, listingId);
  if (thread === undefined) {
    runtime.logger.warn({ discordUserId, listingId }, 'DMs closed and no thread to post in');
    return { channel: null, messageId: null };
  }
  const posted = await runtime.messenger.post(thread, {
    ...body,
    content: `<@${discordUserId}> (your DMs are closed, so this is here) ${body.content ?? ''}`,
    allowed_mentions: { users: [discordUserId] },
  });
  return { channel: 'THREAD', messageId: posted.messageId };
}

async function tradeThreadOf(
  runtime: NotificationsRuntime,
  listingId: string,
): Promise<string | undefined> {
  const listing = await runtime.lookups.listing(listingId);
  const posts = await listListingPosts(runtime.db, listingId, listing?.guildId ?? null);
  return posts.find((post) => post.threadId !== null)?.threadId ?? undefined;
}

import type { Queryable } from '@bloxtr8/db';

export interface ListingPost {
  readonly listingId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly messageId: string;
  readonly threadId: string | null;
}

export async function recordListingPost(db: Queryable, post: ListingPost): Promise<void> {
  await db.query(
    `insert into notifications.listing_posts (listing_id, guild_id, channel_id, message_id, thread_id)
     values ($1, $2, $3, $4, $5) on conflict (listing_id, guild_id) do nothing`,
    [post.listingId, post.guildId, post.channelId, post.messageId, post.threadId],
  );
}

/** A listing's posts, the one in its own server first (the trade's thread for fallbacks). */
export async function listListingPosts(
  db: Queryable,
  listingId: string,
  ownGuildId: string | null = null,
): Promise<ListingPost[]> {
  const { rows } = await db.query<{
    guild_id: string;
    channel_id: string;
    message_id: string;
    thread_id: string | null;
  }>(
    `select guild_id, channel_id, message_id, thread_id from notifications.listing_posts
     where listing_id = $1 order by (guild_id = $2) desc, posted_at`,
    [listingId, ownGuildId ?? ''],
  );
  return rows.map((row) => ({
    listingId,
    guildId: row.guild_id,
    channelId: row.channel_id,
    messageId: row.message_id,
    threadId: row.thread_id,
  }));
}

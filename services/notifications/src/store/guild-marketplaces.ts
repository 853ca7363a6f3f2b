import type { Queryable } from '@bloxtr8/db';
import type { PriceRangeKey } from '@bloxtr8/discord-kit';
import { PRICE_RANGES } from '@bloxtr8/discord-kit';

/** A server's marketplace: the channel of each price range. */
export interface GuildMarketplace {
  readonly guildId: string;
  readonly channels: Readonly<Record<PriceRangeKey, string>>;
}

export const PRICE_RANGE_KEYS = PRICE_RANGES.map((range) => range.key);

/** Records (or replaces) a server's marketplace channels, as `/marketplace setup` made them. */
export async function saveGuildMarketplace(
  db: Queryable,
  marketplace: GuildMarketplace,
  setUpBy: string,
): Promise<GuildMarketplace> {
  await db.query(
    `insert into notifications.guild_marketplaces (guild_id, channels, set_up_by)
     values ($1, $2::jsonb, $3)
     on conflict (guild_id) do update set channels = excluded.channels,
       set_up_by = excluded.set_up_by, set_up_at = now()`,
    [marketplace.guildId, JSON.stringify(marketplace.channels), setUpBy],
  );
  return marketplace;
}

export async function findGuildMarketplace(
  db: Queryable,
  guildId: string,
): Promise<GuildMarketplace | undefined> {
  const { rows } = await db.query<{ channels: Record<PriceRangeKey, string> }>(
    `select channels from notifications.guild_marketplaces where guild_id = $1`,
    [guildId],
  );
  return rows[0] === undefined ? undefined : { guildId, channels: rows[0].channels };
}

/** Servers bounded: a listing is posted in at most this many (the oldest set-ups first). */
export const GUILDS_POSTED_MAX = 1_000;

export async function listGuildMarketplaces(db: Queryable): Promise<GuildMarketplace[]> {
  const { rows } = await db.query<{ guild_id: string; channels: Record<PriceRangeKey, string> }>(
    `select guild_id, channels from notifications.guild_marketplaces order by set_up_at limit $1`,
    [GUILDS_POSTED_MAX],
  );
  return rows.map((row) => ({ guildId: row.guild_id, channels: row.channels }));
}

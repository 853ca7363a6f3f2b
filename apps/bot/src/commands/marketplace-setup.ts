import { PRICE_RANGES } from '@bloxtr8/discord-kit';
import type { APIChannel } from 'discord-api-types/v10';
import {
  ApplicationCommandOptionType,
  ChannelType,
  PermissionFlagsBits,
  Routes,
} from 'discord-api-types/v10';
import type { CommandModule } from '../handler-modules.ts';
import type { InteractionContext } from '../interaction-context.ts';
import { deferReply, replyNow } from '../interaction-context.ts';
import { note, refusal, whenOk } from '../replies.ts';

/**
 * `/marketplace setup` (server managers): a "Bloxtr8 marketplace" category with the four price
 * channels; new listings are posted there as threads. Running it again keeps the channels it made.
 */
export const marketplaceSetupCommand: CommandModule = {
  name: 'marketplace',
  description: 'Server admins: the Bloxtr8 marketplace channels',
  defaultMemberPermissions: PermissionFlagsBits.ManageGuild.toString(),
  subcommand: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'setup',
    description: 'Create the four price-range channels where listings are posted',
  },
  run: (context) => {
    const canManage =
      context.memberPermissions !== null &&
      (context.memberPermissions & PermissionFlagsBits.ManageGuild) !== 0n;
    if (context.guildId === null || !canManage) {
      return replyNow(note('Only a server manager can run this, in the server.'));
    }
    const guildId = context.guildId;
    return deferReply(() => setUpMarketplace(context, guildId));
  },
};

async function setUpMarketplace(context: InteractionContext, guildId: string) {
  const existing = await context.api.guildMarketplace(guildId);
  if (
    existing.ok &&
    PRICE_RANGES.every((range) => existing.value.channels[range.key] !== undefined)
  ) {
    return note(`The marketplace is set up already: ${channelList(existing.value.channels)}`);
  }
  if (!existing.ok && existing.problem.code !== 'MARKETPLACE_NOT_SET_UP')
    return refusal(existing.problem);
  const category = await createChannel(
    context,
    guildId,
    'Bloxtr8 marketplace',
    ChannelType.GuildCategory,
  );
  const channels: Record<string, string> = {};
  for (const range of PRICE_RANGES) {
    channels[range.key] = (
      await createChannel(context, guildId, range.name, ChannelType.GuildText, category.id)
    ).id;
  }
  return whenOk(context.api.saveGuildMarketplace(guildId, channels), (saved) =>
    note(`✅ Marketplace set up: ${channelList(saved.channels)}. New listings are posted there.`),
  );
}

function createChannel(
  context: InteractionContext,
  guildId: string,
  name: string,
  type: ChannelType,
  parentId?: string,
): Promise<APIChannel> {
  return context.deps.discord.post(Routes.guildChannels(guildId), {
    body: { name, type, ...(parentId === undefined ? {} : { parent_id: parentId }) },
  }) as Promise<APIChannel>;
}

const channelList = (channels: Readonly<Record<string, string>>) =>
  Object.values(channels)
    .map((id) => `<#${id}>`)
    .join(' ');

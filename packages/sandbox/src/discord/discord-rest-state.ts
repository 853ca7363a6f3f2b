import type {
  APIApplicationCommand,
  APIChannel,
  APIMessage,
  RESTPostAPIApplicationCommandsJSONBody,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import { ChannelType, MessageType } from 'discord-api-types/v10';
import { newSnowflake } from './snowflakes.ts';

/** Bounds: the oldest entries go first, so a long sandbox run never grows without end. */
const MESSAGES_MAX = 20_000;
const CHANNELS_MAX = 20_000;

/** A channel of the double: a DM (with its recipient), a guild text channel or a thread. */
export interface DoubleChannel {
  readonly id: string;
  readonly type: ChannelType;
  readonly name: string | null;
  readonly guildId: string | null;
  readonly parentId: string | null;
  /** DM channels: the user it reaches. */
  readonly recipientId: string | null;
}

/** The response and the messages of one interaction, as its user saw them. */
export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly type: number;
  readonly userId: string;
  /** The HTTP answer of the interactions endpoint (status and JSON body). */
  response: { readonly status: number; readonly body: unknown } | null;
  /** The original response message once sent or edited through the webhook, else null. */
  original: APIMessage | null;
  readonly followups: APIMessage[];
}

/**
 * What the double's REST side knows: channels, messages, registered commands, interactions, and
 * the faults a test armed (429s, 5xx, users whose DMs are closed).
 */
export class DiscordRestState {
  readonly channels = new Map<string, DoubleChannel>();
  readonly messages = new Map<string, APIMessage>();
  /** Registered commands: key `global` or the guild id. */
  readonly commands = new Map<string, APIApplicationCommand[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly closedDms = new Set<string>();
  /** REST requests still to answer with a fault, in order. */
  faults: Array<{ readonly status: number; readonly retryAfterMs: number; readonly code: number }> =
    [];
  /** Every REST call answered, newest last (bounded). */
  readonly calls: Array<{ method: string; path: string; status: number }> = [];

  readonly applicationId: string;

  constructor(applicationId: string) {
    this.applicationId = applicationId;
  }

  openDm(recipientId: string): DoubleChannel {
    const existing = [...this.channels.values()].find(
      (channel) => channel.type === ChannelType.DM && channel.recipientId === recipientId,
    );
    return existing ?? this.addChannel({ type: ChannelType.DM, recipientId });
  }

  addChannel(init: Partial<DoubleChannel> & { readonly type: ChannelType }): DoubleChannel {
    const channel: DoubleChannel = {
      id: newSnowflake(),
      name: null,
      guildId: null,
      parentId: null,
      recipientId: null,
      ...init,
    };
    remember(this.channels, channel.id, channel, CHANNELS_MAX);
    return channel;
  }

  postMessage(channelId: string, body: RESTPostAPIChannelMessageJSONBody): APIMessage {
    const message = {
      id: newSnowflake(),
      channel_id: channelId,
      type: MessageType.Default,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      flags: body.flags ?? 0,
      author: { id: this.applicationId, username: 'Bloxtr8', bot: true },
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
    } as unknown as APIMessage;
    remember(this.messages, message.id, message, MESSAGES_MAX);
    return message;
  }

  editMessage(message: APIMessage, body: Partial<RESTPostAPIChannelMessageJSONBody>): APIMessage {
    const edited = {
      ...message,
      ...(body.content === undefined ? {} : { content: body.content }),
      ...(body.embeds === undefined ? {} : { embeds: body.embeds }),
      ...(body.components === undefined ? {} : { components: body.components }),
      edited_timestamp: new Date().toISOString(),
    } as APIMessage;
    this.messages.set(message.id, edited);
    return edited;
  }

  /** Bulk overwrite: the set given replaces the scope's set; names are the identity. */
  overwriteCommands(
    scope: string,
    bodies: readonly RESTPostAPIApplicationCommandsJSONBody[],
  ): APIApplicationCommand[] {
    const before = this.commands.get(scope) ?? [];
    const commands = bodies.map((body) => {
      const kept = before.find((command) => command.name === body.name);
      return {
        ...body,
        id: kept?.id ?? newSnowflake(),
        application_id: this.applicationId,
        ...(scope === 'global' ? {} : { guild_id: scope }),
        version: newSnowflake(),
        default_member_permissions: body.default_member_permissions ?? null,
        type: body.type ?? 1,
      } as unknown as APIApplicationCommand;
    });
    this.commands.set(scope, commands);
    return commands;
  }

  messagesIn(channelId: string): APIMessage[] {
    return [...this.messages.values()].filter((message) => message.channel_id === channelId);
  }

  dmsOf(userId: string): APIMessage[] {
    const dm = [...this.channels.values()].find(
      (channel) => channel.type === ChannelType.DM && channel.recipientId === userId,
    );
    return dm === undefined ? [] : this.messagesIn(dm.id);
  }

  recordCall(method: string, path: string, status: number): void {
    if (this.calls.length >= MESSAGES_MAX) this.calls.shift();
    this.calls.push({ method, path, status });
  }

  reset(): void {
    this.channels.clear();
    this.messages.clear();
    this.commands.clear();
    this.interactions.clear();
    this.closedDms.clear();
    this.faults = [];
    this.calls.length = 0;
  }

  snapshot(): DiscordRestSnapshot {
    return {
      channels: [...this.channels.values()],
      messages: [...this.messages.values()],
      commands: [...this.commands.entries()],
      closedDms: [...this.closedDms],
    };
  }

  restore(saved: Partial<DiscordRestSnapshot> | undefined): void {
    for (const channel of saved?.channels ?? []) this.channels.set(channel.id, channel);
    for (const message of saved?.messages ?? []) this.messages.set(message.id, message);
    for (const [scope, commands] of saved?.commands ?? []) this.commands.set(scope, commands);
    for (const userId of saved?.closedDms ?? []) this.closedDms.add(userId);
  }
}

export interface DiscordRestSnapshot {
  readonly channels: readonly DoubleChannel[];
  readonly messages: readonly APIMessage[];
  readonly commands: ReadonlyArray<readonly [string, APIApplicationCommand[]]>;
  readonly closedDms: readonly string[];
}

/** The channel types a guild channel or a thread can be created as in the double. */
export const GUILD_TEXT_TYPES: ReadonlySet<ChannelType> = new Set([
  ChannelType.GuildText,
  ChannelType.GuildCategory,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
]);

export function channelJson(channel: DoubleChannel): APIChannel {
  return {
    id: channel.id,
    type: channel.type,
    name: channel.name,
    guild_id: channel.guildId ?? undefined,
    parent_id: channel.parentId,
    ...(channel.recipientId === null
      ? {}
      : { recipients: [{ id: channel.recipientId, username: `user${channel.recipientId}` }] }),
  } as unknown as APIChannel;
}

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  if (map.size >= max) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}

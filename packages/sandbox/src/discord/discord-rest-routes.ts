import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIMessage } from 'discord-api-types/v10';
import { ChannelType } from 'discord-api-types/v10';
import { readBody, sendJson } from '../stripe/http-io.ts';
import type { DiscordRestState, DoubleChannel, InteractionRecord } from './discord-rest-state.ts';
import { channelJson, GUILD_TEXT_TYPES } from './discord-rest-state.ts';

/** Discord's JSON error codes the double answers with (the ones our clients handle). */
const CANNOT_MESSAGE_USER = 50_007;
const UNKNOWN_CHANNEL = 10_003;
const UNKNOWN_MESSAGE = 10_008;
const UNKNOWN_WEBHOOK = 10_015;

type Json = Record<string, unknown>;
type Answer = { readonly status: number; readonly body: unknown };

const ok = (body: unknown, status = 200): Answer => ({ status, body });
const discordError = (status: number, code: number, message: string): Answer => ({
  status,
  body: { message, code },
});

/**
 * Discord's REST API as the bot and the notifications call it (`/api/v10/…`): commands (bulk
 * overwrite), DMs, channel messages and edits, guild channels, threads, and the interaction
 * webhooks (`@original` edits and follow-ups). Bot routes need `Authorization: Bot <token>`;
 * webhook routes are authorised by the interaction token in their path, as on Discord. Armed
 * faults (429 with `retry_after`, 5xx) answer before anything changes.
 */
export async function serveRest(
  state: DiscordRestState,
  botToken: string,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  const method = request.method ?? 'GET';
  const answer = await answerRest(state, botToken, request, method, path);
  state.recordCall(method, path, answer.status);
  const headers: Record<string, string> = {};
  if (answer.status === 429) {
    const seconds = (answer.body as { retry_after: number }).retry_after;
    headers['retry-after'] = String(Math.ceil(seconds));
    headers['x-ratelimit-scope'] = 'user';
  }
  if (answer.status === 204) {
    response.writeHead(204);
    response.end();
    return;
  }
  sendJson(response, answer.status, JSON.stringify(answer.body), headers);
}

async function answerRest(
  state: DiscordRestState,
  botToken: string,
  request: IncomingMessage,
  method: string,
  path: string,
): Promise<Answer> {
  const fault = state.faults.shift();
  if (fault !== undefined) {
    return fault.status === 429
      ? ok(
          {
            message: 'You are being rate limited.',
            retry_after: fault.retryAfterMs / 1000,
            global: false,
          },
          429,
        )
      : discordError(
          fault.status,
          fault.code,
          fault.code === 0 ? 'Internal Server Error' : 'Injected',
        );
  }
  const text = (await readBody(request)) ?? '';
  const body = (text === '' ? {} : JSON.parse(text)) as Json;
  const webhook = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path);
  if (webhook !== null) {
    return answerWebhook(state, method, webhook[2] ?? '', webhook[3], body);
  }
  if (!isBot(request, botToken)) return discordError(401, 0, '401: Unauthorized');
  return answerBotRoute(state, method, path, body);
}

function answerBotRoute(state: DiscordRestState, method: string, path: string, body: Json): Answer {
  const commands = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
  if (commands !== null) {
    const scope = commands[2] ?? 'global';
    if (method === 'PUT') return ok(state.overwriteCommands(scope, body as unknown as []));
    if (method === 'GET') return ok(state.commands.get(scope) ?? []);
  }
  if (method === 'POST' && path === '/users/@me/channels') {
    return ok(channelJson(state.openDm(String(body.recipient_id))));
  }
  const guildChannels = /^\/guilds\/(\d+)\/channels$/.exec(path);
  if (method === 'POST' && guildChannels !== null) {
    const type = (body.type as ChannelType | undefined) ?? ChannelType.GuildText;
    if (!GUILD_TEXT_TYPES.has(type)) return discordError(400, 50_035, 'Invalid Form Body');
    const channel = state.addChannel({
      type,
      name: String(body.name ?? 'channel'),
      guildId: guildChannels[1] ?? null,
      parentId: (body.parent_id as string | undefined) ?? null,
    });
    return ok(channelJson(channel), 201);
  }
  return answerChannelRoute(state, method, path, body);
}

function answerChannelRoute(
  state: DiscordRestState,
  method: string,
  path: string,
  body: Json,
): Answer {
  const route = /^\/channels\/(\d+)(\/messages(?:\/(\d+))?(\/threads)?|\/threads)?$/.exec(path);
  const channel = route === null ? undefined : state.channels.get(route[1] ?? '');
  if (route === null) return discordError(404, 0, '404: Not Found');
  if (channel === undefined) return discordError(404, UNKNOWN_CHANNEL, 'Unknown Channel');
  const [, , rest, messageId, threads] = route;
  if (method === 'GET' && rest === undefined) return ok(channelJson(channel));
  if (method === 'POST' && rest === '/threads') {
    const thread = state.addChannel({
      type: ChannelType.PublicThread,
      name: String(body.name ?? 'thread'),
      guildId: channel.guildId,
      parentId: channel.id,
    });
    return ok(channelJson(thread), 201);
  }
  if (method === 'POST' && rest === '/messages') {
    if (channel.recipientId !== null && state.closedDms.has(channel.recipientId)) {
      return discordError(403, CANNOT_MESSAGE_USER, 'Cannot send messages to this user');
    }
    return ok(state.postMessage(channel.id, body));
  }
  return answerMessageRoute(state, channel, method, messageId, threads !== undefined, body);
}

/** A message of a channel: read, edit, or start a thread from it. */
function answerMessageRoute(
  state: DiscordRestState,
  channel: DoubleChannel,
  method: string,
  messageId: string | undefined,
  isThreadRoute: boolean,
  body: Json,
): Answer {
  const message = messageId === undefined ? undefined : state.messages.get(messageId);
  if (message === undefined || message.channel_id !== channel.id) {
    return discordError(404, UNKNOWN_MESSAGE, 'Unknown Message');
  }
  if (method === 'PATCH' && !isThreadRoute) return ok(state.editMessage(message, body));
  if (method === 'GET' && !isThreadRoute) return ok(message);
  if (method === 'POST' && isThreadRoute) {
    const thread = state.addChannel({
      type: ChannelType.PublicThread,
      name: String(body.name ?? 'thread'),
      guildId: channel.guildId,
      parentId: channel.id,
    });
    return ok(channelJson(thread), 201);
  }
  return discordError(405, 0, '405: Method Not Allowed');
}

/** The interaction's webhook: edit or read `@original`, post or edit follow-ups. */
function answerWebhook(
  state: DiscordRestState,
  method: string,
  token: string,
  messageId: string | undefined,
  body: Json,
): Answer {
  const interaction = [...state.interactions.values()].find((entry) => entry.token === token);
  if (interaction === undefined) return discordError(404, UNKNOWN_WEBHOOK, 'Unknown Webhook');
  if (messageId === '@original' && (method === 'GET' || method === 'PATCH')) {
    return answerOriginal(state, interaction, method, body);
  }
  if (method === 'POST' && messageId === undefined) {
    const followup = state.postMessage(`interaction-${interaction.id}`, body);
    interaction.followups.push(followup);
    return ok(followup);
  }
  if (method === 'PATCH' && messageId !== undefined) {
    const index = interaction.followups.findIndex((entry) => entry.id === messageId);
    const existing: APIMessage | undefined = interaction.followups[index];
    if (existing === undefined) return discordError(404, UNKNOWN_MESSAGE, 'Unknown Message');
    interaction.followups[index] = state.editMessage(existing, body);
    return ok(interaction.followups[index]);
  }
  return discordError(405, 0, '405: Method Not Allowed');
}

/** `@original`: the message the interaction's answer made, read or edited through its webhook. */
function answerOriginal(
  state: DiscordRestState,
  interaction: InteractionRecord,
  method: 'GET' | 'PATCH',
  body: Json,
): Answer {
  if (method === 'GET') {
    return interaction.original === null
      ? discordError(404, UNKNOWN_MESSAGE, 'Unknown Message')
      : ok(interaction.original);
  }
  // As on Discord: the original exists once the endpoint's answer has been taken.
  if (interaction.response === null) return discordError(404, UNKNOWN_MESSAGE, 'Unknown Message');
  interaction.original =
    interaction.original === null
      ? state.postMessage(`interaction-${interaction.id}`, body)
      : state.editMessage(interaction.original, body);
  return ok(interaction.original);
}

function isBot(request: IncomingMessage, botToken: string): boolean {
  const presented = Buffer.from(request.headers.authorization ?? '');
  const expected = Buffer.from(`Bot ${botToken}`);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

import { randomBytes } from 'node:crypto';
import type { APIInteraction } from 'discord-api-types/v10';
import { InteractionResponseType, type InteractionType } from 'discord-api-types/v10';
import type { DiscordRestState, InteractionRecord } from './discord-rest-state.ts';
import type { InteractionSigner } from './interaction-signer.ts';
import { newSnowflake } from './snowflakes.ts';

/** What a test or the demo asks the double to send, as a person's click or command would. */
export interface InteractionRequest {
  readonly type: InteractionType;
  readonly user: { readonly id: string; readonly username?: string };
  /** The interaction's `data` (command, component or modal). */
  readonly data?: Record<string, unknown>;
  readonly guildId?: string;
  readonly channelId?: string;
  /** Guild interactions: the member's permissions (a decimal bit set), e.g. MANAGE_GUILD. */
  readonly memberPermissions?: string;
  /** Components: the message the button or menu sits on. */
  readonly messageId?: string;
  /** How to sign: as Discord does, with another key (forged), or too long ago (stale). */
  readonly signature?: 'valid' | 'forged' | 'stale';
}

export interface InteractionOutcome {
  readonly id: string;
  readonly token: string;
  readonly status: number;
  readonly body: unknown;
  readonly elapsedMs: number;
}

/** A signature older than Discord would ever send (the endpoint's replay window is minutes). */
const STALE_SECONDS = 3_600;
/** Discord gives an endpoint 3 s to answer; the double waits a little longer before giving up. */
const RESPONSE_TIMEOUT_MS = 10_000;

/**
 * Builds the interaction Discord would send, signs it and POSTs it to the endpoint, records the
 * answer (a message answer becomes the interaction's original message) and returns it.
 */
export async function sendInteraction(
  state: DiscordRestState,
  signer: InteractionSigner,
  forger: InteractionSigner,
  url: string,
  request: InteractionRequest,
): Promise<InteractionOutcome> {
  const interaction = interactionOf(state, request);
  const record: InteractionRecord = {
    id: interaction.id,
    token: interaction.token,
    type: request.type,
    userId: request.user.id,
    response: null,
    original: null,
    followups: [],
  };
  state.interactions.set(record.id, record);
  const body = JSON.stringify(interaction);
  const now = Math.floor(Date.now() / 1000);
  const headers =
    request.signature === 'forged'
      ? forger.headersFor(body, now)
      : signer.headersFor(body, request.signature === 'stale' ? now - STALE_SECONDS : now);
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      ...headers,
      'content-type': 'application/json',
      'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
    },
    body,
    signal: AbortSignal.timeout(RESPONSE_TIMEOUT_MS),
  });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  const answer: unknown = text === '' ? null : safeJson(text);
  record.response = { status: response.status, body: answer };
  recordOriginal(state, record, answer, request.messageId);
  return { id: record.id, token: record.token, status: response.status, body: answer, elapsedMs };
}

function interactionOf(state: DiscordRestState, request: InteractionRequest) {
  const user = {
    id: request.user.id,
    username: request.user.username ?? `user${request.user.id.slice(-6)}`,
    discriminator: '0',
    global_name: request.user.username ?? null,
    avatar: null,
  };
  const message =
    request.messageId === undefined ? undefined : state.messages.get(request.messageId);
  return {
    id: newSnowflake(),
    application_id: state.applicationId,
    type: request.type,
    token: `sandbox_${randomBytes(24).toString('base64url')}`,
    version: 1,
    ...(request.data === undefined ? {} : { data: request.data }),
    ...(request.guildId === undefined
      ? { user, context: 1 }
      : {
          guild_id: request.guildId,
          member: {
            user,
            roles: [],
            permissions: request.memberPermissions ?? '0',
            joined_at: new Date(0).toISOString(),
          },
          context: 0,
        }),
    channel_id: request.channelId ?? message?.channel_id ?? newSnowflake(),
    ...(message === undefined ? {} : { message }),
    app_permissions: '0',
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: {},
  } as unknown as APIInteraction & { token: string; id: string };
}

/** An answer that shows a message makes it the original; an update edits the clicked message. */
function recordOriginal(
  state: DiscordRestState,
  record: InteractionRecord,
  answer: unknown,
  messageId: string | undefined,
): void {
  const { type, data } = (answer ?? {}) as { type?: number; data?: Record<string, unknown> };
  const channelId = `interaction-${record.id}`;
  if (type === InteractionResponseType.ChannelMessageWithSource) {
    record.original = state.postMessage(channelId, data ?? {});
  } else if (type === InteractionResponseType.DeferredChannelMessageWithSource) {
    record.original = state.postMessage(channelId, {
      content: '',
      flags: Number(data?.flags ?? 0),
    });
  } else if (messageId !== undefined) {
    const message = state.messages.get(messageId);
    if (message === undefined) return;
    if (type === InteractionResponseType.UpdateMessage) {
      record.original = state.editMessage(message, data ?? {});
    } else if (type === InteractionResponseType.DeferredMessageUpdate) {
      record.original = message; // Its webhook's @original edits are edits of this message.
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

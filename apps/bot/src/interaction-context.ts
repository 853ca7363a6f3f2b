import type { MessageBody, REST } from '@bloxtr8/discord-kit';
import type { Logger } from '@bloxtr8/platform';
import type {
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIInteractionResponse,
  APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { GatewayClient, UserApi } from './gateway-client.ts';

/** What every handler may use; nothing of it is state of the bot's own. */
export interface BotDependencies {
  readonly gateway: GatewayClient;
  /** Discord's REST API with the bot token: follow-ups, channels. */
  readonly discord: REST;
  readonly applicationId: string;
  /** Where people open web pages (sign links): PUBLIC_URL. */
  readonly publicUrl: string;
  /** Where the buyer pays an escrow, when the rail has a page for it. */
  readonly payUrl: (escrowId: string, payment: PaymentRef) => string | null;
  readonly logger: Logger;
}

export interface PaymentRef {
  readonly providerPaymentId: string | null;
  readonly clientSecret: string | null;
}

/** One interaction as the handlers see it: who, where, and the API acting for them. */
export interface InteractionContext {
  readonly interaction: APIInteraction;
  readonly user: { readonly id: string; readonly username: string };
  readonly guildId: string | null;
  /** Guild interactions: the member's permission bits; null in DMs. */
  readonly memberPermissions: bigint | null;
  readonly api: UserApi;
  readonly deps: BotDependencies;
}

/**
 * A handler's answer: at once (a message, a modal, choices), or deferred — Discord shows "thinking"
 * within its 3 s and the message comes through the interaction's webhook when `work` is done.
 */
export type Answer =
  | { readonly kind: 'now'; readonly response: APIInteractionResponse }
  | {
      readonly kind: 'deferred';
      /** Edit the message the component sits on instead of answering with a new one. */
      readonly update: boolean;
      readonly work: () => Promise<MessageBody>;
    };

export function replyNow(body: MessageBody): Answer {
  return { kind: 'now', response: { type: 4, data: body } as APIInteractionResponse };
}

export function showModal(data: APIModalInteractionResponseCallbackData): Answer {
  return { kind: 'now', response: { type: 9, data } };
}

/** An ephemeral "thinking…" now, the message later (anything that calls the API). */
export function deferReply(work: () => Promise<MessageBody>): Answer {
  return { kind: 'deferred', update: false, work };
}

/** Keeps the clicked message, edits it later (e.g. a search page turned). */
export function deferUpdate(work: () => Promise<MessageBody>): Answer {
  return { kind: 'deferred', update: true, work };
}

export function choicesNow(choices: APIApplicationCommandOptionChoice[]): Answer {
  return { kind: 'now', response: { type: 8, data: { choices: choices.slice(0, 25) } } };
}

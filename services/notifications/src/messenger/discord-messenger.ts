import type { MessageBody } from '@bloxtr8/discord-kit';
import type { Result } from '@bloxtr8/platform';

export interface PostedMessage {
  readonly channelId: string;
  readonly messageId: string;
}

/**
 * The notifications' port to Discord. Transient failures (5xx, network, 429s past the client's
 * own waiting) throw; the consumer runtime retries them and, past its bound, dead-letters.
 */
export interface DiscordMessenger {
  /**
   * A direct message to a Discord user. DMS_CLOSED: Discord refuses to message them (their
   * privacy settings, or they share no server with the bot; Discord's code 50007).
   */
  sendDm(discordUserId: string, body: MessageBody): Promise<Result<PostedMessage, 'DMS_CLOSED'>>;
  /** A message in a guild channel or thread. */
  post(channelId: string, body: MessageBody): Promise<PostedMessage>;
  /** A public thread started from a message (a listing's post). */
  startThread(
    channelId: string,
    messageId: string,
    name: string,
  ): Promise<{ readonly threadId: string }>;
  edit(channelId: string, messageId: string, body: MessageBody): Promise<void>;
}

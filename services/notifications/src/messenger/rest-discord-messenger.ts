import type { MessageBody, REST } from '@bloxtr8/discord-kit';
import { err, ok } from '@bloxtr8/platform';
import { DiscordAPIError } from '@discordjs/rest';
import type { APIChannel, APIMessage } from 'discord-api-types/v10';
import { RESTJSONErrorCodes, Routes } from 'discord-api-types/v10';
import type { DiscordMessenger } from './discord-messenger.ts';

/** Discord's REST API through @discordjs/rest (its rate-limit buckets, 429 waits, 5xx retries). */
export function restDiscordMessenger(rest: REST): DiscordMessenger {
  return {
    async sendDm(discordUserId, body) {
      const channel = (await rest.post(Routes.userChannels(), {
        body: { recipient_id: discordUserId },
      })) as APIChannel;
      try {
        const sent = (await rest.post(Routes.channelMessages(channel.id), { body })) as APIMessage;
        return ok({ channelId: channel.id, messageId: sent.id });
      } catch (error) {
        if (
          error instanceof DiscordAPIError &&
          error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser
        ) {
          return err('DMS_CLOSED');
        }
        throw error;
      }
    },
    async post(channelId, body) {
      const sent = (await rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
      return { channelId, messageId: sent.id };
    },
    async startThread(channelId, messageId, name) {
      const thread = (await rest.post(Routes.threads(channelId, messageId), {
        body: { name: name.slice(0, 100), auto_archive_duration: 10_080 },
      })) as APIChannel;
      return { threadId: thread.id };
    },
    async edit(channelId, messageId, body: MessageBody) {
      await rest.patch(Routes.channelMessage(channelId, messageId), { body });
    },
  };
}

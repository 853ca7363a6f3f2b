import { COLOURS } from '@bloxtr8/discord-kit';
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';
import { note, whenOk } from '../replies.ts';

/** `/verify game:<universe id>`: checks with Roblox that you control the game, shows its snapshot. */
export const verifyCommand: CommandModule = {
  name: 'verify',
  description: 'Check that you control a Roblox game (before listing it)',
  dmPermission: true,
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'game',
      description: 'The game’s universe id',
      required: true,
      max_length: 19,
    },
  ],
  run: (context, options) =>
    deferReply(() =>
      whenOk(context.api.verifyGame(String(options.get('game'))), ({ snapshot }) =>
        note('✅ Verified: you control this game. List it with `/listing create`.', {
          embeds: [
            {
              title: snapshot.name.slice(0, 256),
              color: COLOURS.success,
              fields: [
                { name: 'Players', value: String(snapshot.playing), inline: true },
                { name: 'Visits', value: String(snapshot.visits), inline: true },
                { name: 'Universe', value: snapshot.universeId, inline: true },
              ],
              ...(snapshot.thumbnailUrl === null
                ? {}
                : { thumbnail: { url: snapshot.thumbnailUrl } }),
            },
          ],
        }),
      ),
    ),
};

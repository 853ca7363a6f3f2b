import { linkButton, row } from '@bloxtr8/discord-kit';
import type { CommandModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';
import { note, whenOk } from '../replies.ts';

/** `/link`: a one-time Roblox sign-in link (10 minutes) that links the account and gives TIER_1. */
export const linkCommand: CommandModule = {
  name: 'link',
  description: 'Link your Roblox account (needed to list, offer and trade)',
  dmPermission: true,
  run: (context) =>
    deferReply(() =>
      whenOk(context.api.startRobloxLink(), (started) =>
        note('Sign in with Roblox to link your account. The link works once, for 10 minutes.', {
          rows: [row(linkButton(started.authorizeUrl, 'Link Roblox'))],
        }),
      ),
    ),
};

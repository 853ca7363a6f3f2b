import type { CommandModule } from '../handler-modules.ts';
import { replyNow } from '../interaction-context.ts';
import { note } from '../replies.ts';

const HELP = [
  '**Bloxtr8: escrow for trades of whole Roblox games**',
  '`/signup` join (accept the terms) · `/link` link your Roblox account · `/payout` set up payouts',
  '`/verify game:<id>` check you control a game · `/listing create game:<id>` list it · `/listing view` browse',
  'Offers, counter-offers and contracts come to you by DM with their buttons.',
  '`/contract view id:<id>` read and sign · `/escrow view id:<id>` pay, mark delivered, confirm, dispute',
  'Moderators: `/disputes` · Server admins: `/marketplace setup`',
].join('\n');

/** `/help`: what each command does. */
export const helpCommand: CommandModule = {
  name: 'help',
  description: 'What Bloxtr8 can do here',
  dmPermission: true,
  run: () => replyNow(note(HELP)),
};

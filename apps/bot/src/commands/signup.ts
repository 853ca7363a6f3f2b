import { button, encodeCustomId, row } from '@bloxtr8/discord-kit';
import type { CommandModule } from '../handler-modules.ts';
import { replyNow } from '../interaction-context.ts';
import { note } from '../replies.ts';

export const TERMS = [
  '**Bloxtr8 terms, in short**',
  '• Bloxtr8 holds the buyer’s money in escrow until the buyer confirms delivery of the game (or a moderator decides a dispute).',
  '• Both parties sign a contract for every trade; signatures are recorded with time and method.',
  '• Every money movement is audited and kept for seven years; Bloxtr8 keeps a fee on each release.',
  '• Trading needs a linked Roblox account (`/link`).',
].join('\n');

/** `/signup`: the terms, and a button to accept them (the consent is the click). */
export const signupCommand: CommandModule = {
  name: 'signup',
  description: 'Join Bloxtr8: read the terms and accept them',
  dmPermission: true,
  run: () =>
    replyNow(
      note(TERMS, {
        rows: [row(button(encodeCustomId('signup:accept', {}), 'I accept the terms'))],
      }),
    ),
};

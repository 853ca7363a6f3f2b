import { disputeButtons, formatUsd } from '@bloxtr8/discord-kit';
import type { CommandModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';
import { note, whenOk } from '../replies.ts';

/** Discord shows at most five rows of buttons: one dispute per row. */
const SHOWN_MAX = 5;

/** `/disputes` (moderators): the open disputes, oldest first, each with Resolve buttons. */
export const disputesCommand: CommandModule = {
  name: 'disputes',
  description: 'Moderators: the open disputes and their resolution',
  dmPermission: true,
  run: (context) =>
    deferReply(() =>
      whenOk(context.api.disputes(), ({ items }) => {
        if (items.length === 0) return note('No open disputes.');
        const shown = items.slice(0, SHOWN_MAX);
        const lines = shown.map(
          (dispute, index) =>
            `**${index + 1}.** escrow \`${dispute.escrowId}\` — ${formatUsd(dispute.amountMinor)} — ${dispute.reason ?? 'no reason'}${dispute.stale ? ' ⚠️ stale' : ''}\n> ${dispute.detail.slice(0, 200)}`,
        );
        return note(`Open disputes (${items.length}):\n${lines.join('\n')}`, {
          rows: shown.flatMap((dispute) => disputeButtons(dispute.escrowId)),
        });
      }),
    ),
};

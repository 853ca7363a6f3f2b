import type { MessageBody } from '@bloxtr8/discord-kit';
import { escrowButtons, escrowEmbed } from '@bloxtr8/discord-kit';
import type { InteractionContext } from './interaction-context.ts';
import { note, refusal, whenOk } from './replies.ts';

/** The escrow as this person sees it, with the buttons their next step needs. */
export function escrowCard(context: InteractionContext, escrowId: string): Promise<MessageBody> {
  return whenOk(context.api.escrow(escrowId), (escrow) =>
    note('', {
      embeds: [escrowEmbed(escrowId, escrow)],
      rows: escrowButtons(escrowId, escrow, context.deps.payUrl(escrowId, escrow.payment)),
    }),
  );
}

/**
 * Asks the escrow to take a step and says how it went: done, refused (with the escrow's reason in
 * words) or still on its way. The interaction id keys the command, so a redelivered click is one.
 */
export async function escrowStep(
  context: InteractionContext,
  escrowId: string,
  action: string,
  body: Record<string, unknown>,
  done: string,
): Promise<MessageBody> {
  const result = await context.api.escrowAction(escrowId, action, body, context.interaction.id);
  if (!result.ok) return refusal(result.problem);
  const { status, reasonCode } = result.value;
  if (status === 'REJECTED') {
    return refusal({ code: reasonCode ?? 'INVALID_TRANSITION', title: 'refused' });
  }
  return note(status === 'APPLIED' ? `✅ ${done}` : '⏳ On its way; you get a DM when it is done.');
}

import { contractButtons, contractEmbed, formatUsd } from '@bloxtr8/discord-kit';
import type { ComponentModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';
import { note, refusal, whenOk } from '../replies.ts';

/** "Accept": the offer is accepted and its contract made; both parties are asked to sign. */
export const offerAccept: ComponentModule<'offer:accept'> = {
  kind: 'offer:accept',
  click: (context, { args }) =>
    deferReply(() =>
      whenOk(context.api.answerOffer(args.offerId, 'accept'), async (offer) => {
        const contract = await context.api.contractOfOffer(offer.id);
        if (!contract.ok) return refusal(contract.problem);
        return note(
          `✅ You accepted ${formatUsd(offer.amountMinor)}. Read the contract and sign it:`,
          {
            embeds: [contractEmbed(contract.value)],
            rows: contractButtons(contract.value.id),
          },
        );
      }),
    ),
};

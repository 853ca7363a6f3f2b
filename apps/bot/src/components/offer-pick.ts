import type { ComponentModule } from '../handler-modules.ts';
import { replyNow } from '../interaction-context.ts';
import { note } from '../replies.ts';
import { offerMake } from './offer-make.ts';

/** "Make an offer on…" (the search page's menu): the chosen listing's offer form. */
export const offerPick: ComponentModule<'offer:pick'> = {
  kind: 'offer:pick',
  click: (context) => {
    const [listingId] = (context.interaction.data as { values?: string[] }).values ?? [];
    if (listingId === undefined || !/^[0-9a-f-]{36}$/.test(listingId)) {
      return replyNow(note('Pick a listing from the menu.'));
    }
    return (
      offerMake.click?.(context, { kind: 'offer:make', args: { listingId } }) ??
      replyNow(note('No form.'))
    );
  },
};

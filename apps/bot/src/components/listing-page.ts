import type { ComponentModule } from '../handler-modules.ts';
import { deferUpdate } from '../interaction-context.ts';
import { listingSearchPage, searchOfLine } from '../listing-search-page.ts';

/** "Next page ▶": the same search (read from the page it sits on) from the button's cursor. */
export const listingPage: ComponentModule<'listing:page'> = {
  kind: 'listing:page',
  click: (context, { args }) => {
    const content = (context.interaction as { message?: { content?: string } }).message?.content;
    return deferUpdate(() =>
      listingSearchPage(context, { ...searchOfLine(content ?? ''), cursor: args.cursor }),
    );
  },
};

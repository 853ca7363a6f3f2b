import { linkButton, row } from '@bloxtr8/discord-kit';
import type { ComponentModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';
import { note, whenOk } from '../replies.ts';

/** "Sign on the web": a magic link for this person and contract (single use, 15 minutes). */
export const contractWeblink: ComponentModule<'contract:weblink'> = {
  kind: 'contract:weblink',
  click: (context, { args }) =>
    deferReply(() =>
      whenOk(context.api.signLink(args.contractId), (link) =>
        note('Your signing link works once, for 15 minutes. Do not share it.', {
          rows: [
            row(
              linkButton(new URL(link.path, context.deps.publicUrl).toString(), 'Sign on the web'),
            ),
          ],
        }),
      ),
    ),
};

import type { ComponentModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';
import { note, whenOk } from '../replies.ts';

/** "I accept the terms": signs the person up (idempotent: a second click answers the same). */
export const signupAccept: ComponentModule<'signup:accept'> = {
  kind: 'signup:accept',
  click: (context) =>
    deferReply(() =>
      whenOk(context.api.signUp(context.user.username), () =>
        note('✅ You are signed up. Next: link your Roblox account with `/link` to trade.'),
      ),
    ),
};

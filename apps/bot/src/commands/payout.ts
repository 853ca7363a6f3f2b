import { linkButton, row } from '@bloxtr8/discord-kit';
import type { CommandModule } from '../handler-modules.ts';
import { deferReply } from '../interaction-context.ts';
import { note, whenOk } from '../replies.ts';

/** `/payout`: the Stripe onboarding link where a seller sets up how they are paid. */
export const payoutCommand: CommandModule = {
  name: 'payout',
  description: 'Set up how you are paid when you sell',
  dmPermission: true,
  run: (context) =>
    deferReply(() =>
      whenOk(context.api.payoutAccount(), (account) =>
        account.payoutsEnabled
          ? note('✅ Your payouts are set up.')
          : note('Set up your payouts with Stripe (the link works once, for a few minutes).', {
              rows: [row(linkButton(account.onboardingUrl, 'Set up payouts'))],
            }),
      ),
    ),
};

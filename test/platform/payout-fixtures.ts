import { findUserById } from '@bloxtr8/identity';
import { ApiCaller } from './api-caller.ts';
import { botHeaders, signUpUser } from './identity-fixtures.ts';
import type { TestPlatform } from './start-test-platform.ts';

/** The trade's seller as identity knows them: signed up (TIER_1) unless they already are. */
export async function ensureSignedUp(
  platform: Pick<TestPlatform, 'db'>,
  userId: string,
): Promise<{ readonly userId: string; readonly discordUserId: string }> {
  const known = await findUserById(platform.db, userId);
  if (known !== undefined) return { userId, discordUserId: known.discordUserId };
  const user = await signUpUser(platform.db, { userId, tier: 'TIER_1' });
  return { userId, discordUserId: user.discordUserId };
}

/**
 * The seller sets up payouts as a seller does: `POST /api/me/payout-account` through the gateway
 * (as the Discord bot, for them), then the Stripe sandbox's onboarding page behind the link it
 * answered. Returns the seller's connected account id.
 */
export async function onboardSeller(
  platform: Pick<TestPlatform, 'db' | 'baseUrl'>,
  sellerId: string,
): Promise<string> {
  const seller = await ensureSignedUp(platform, sellerId);
  const api = new ApiCaller(platform.baseUrl, botHeaders(seller.discordUserId));
  const started = await api.post('/api/me/payout-account', { returnPath: '/payouts/done' });
  if (started.status !== 200) {
    throw new Error(
      `payout onboarding answered ${started.status}: ${JSON.stringify(started.body)}`,
    );
  }
  if (started.body.payoutsEnabled !== true) {
    const page = await fetch(started.body.onboardingUrl, { redirect: 'manual' });
    await page.body?.cancel();
    if (page.status !== 303) throw new Error(`the onboarding page answered ${page.status}`);
  }
  return started.body.accountId as string;
}

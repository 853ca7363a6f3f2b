import { randomInt } from 'node:crypto';
import { linkWithRoblox, newRobloxTestUser, RobloxDoubleControl } from '@bloxtr8/sandbox/roblox';
import { StripeDoubleControl } from '@bloxtr8/sandbox/stripe';
import type { ApiAnswer } from './api-caller.ts';
import { ApiCaller } from './api-caller.ts';
import { eventually } from './eventually.ts';
import { newDiscordUserId } from './identity-fixtures.ts';

/** The sandboxes of a running `bloxtr8 start` (its sandbox.json). */
export interface SandboxUrls {
  readonly stripe?: string | undefined;
  readonly roblox?: string | undefined;
}

/** A Discord user the bot acts for on a running platform: signed up, Roblox linked (TIER_1). */
export interface SandboxTrader {
  readonly discordUserId: string;
  readonly userId: string;
  readonly robloxUserId: string;
  /** The bot's credential acting for this user. */
  readonly headers: Readonly<Record<string, string>>;
  readonly api: ApiCaller;
}

/** A trade of a running sandbox platform, disputed by its buyer, and the ids it made. */
export interface SandboxDispute {
  readonly buyer: SandboxTrader;
  readonly seller: SandboxTrader;
  readonly universeId: string;
  readonly listingId: string;
  readonly offerId: string;
  readonly contractId: string;
  readonly escrowId: string;
  /** The buyer's dispute command (GET /api/commands/:id). */
  readonly disputeCommandId: string;
}

/** The answer's body, or a thrown error naming the call: set-up steps must all succeed. */
async function bodyOf(call: Promise<ApiAnswer>, what: string) {
  const answer = await call;
  if (answer.status >= 400) {
    throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** Signs a Discord user up through the bot and links a Roblox account in the sandbox. */
export async function sandboxTrader(
  gatewayUrl: string,
  sandboxes: SandboxUrls,
  botToken: string,
  discordUserId: string = newDiscordUserId(),
): Promise<SandboxTrader> {
  const headers = { authorization: `Bot ${botToken}`, 'x-discord-user-id': discordUserId };
  const api = new ApiCaller(gatewayUrl, headers);
  const signedUp = await bodyOf(
    api.post('/api/users', { discordUsername: `trader_${randomInt(1e6)}`, acceptTerms: true }),
    'sign-up',
  );
  const robloxUrl = sandboxes.roblox ?? '';
  const account = newRobloxTestUser();
  const roblox = { url: robloxUrl, control: new RobloxDoubleControl(robloxUrl) };
  await linkWithRoblox(gatewayUrl, roblox, headers, account);
  return { discordUserId, userId: signedUp.user.id, robloxUserId: account.id, headers, api };
}

/**
 * One trade through the public API of a running sandbox platform, as the bot drives it: a game
 * listed, an offer at the price accepted, the contract signed by both, paid in the Stripe
 * sandbox, then disputed by the buyer.
 */
export async function disputeInSandbox(
  gatewayUrl: string,
  sandboxes: SandboxUrls,
  botToken: string,
): Promise<SandboxDispute> {
  const seller = await sandboxTrader(gatewayUrl, sandboxes, botToken);
  const buyer = await sandboxTrader(gatewayUrl, sandboxes, botToken);
  const universeId = `${randomInt(1e9, 9e9)}`;
  await new RobloxDoubleControl(sandboxes.roblox ?? '').addUniverse({
    id: universeId,
    name: 'Disputed Tycoon',
    creator: { id: seller.robloxUserId, type: 'User' },
  });
  const listing = await bodyOf(
    seller.api.post('/api/listings', {
      universeId,
      title: 'Disputed Tycoon',
      summary: 'sold, then argued about',
      priceMinor: 150_000,
      category: 'tycoon',
      visibility: 'PUBLIC',
    }),
    'listing',
  );
  const offer = await bodyOf(
    buyer.api.post(`/api/listings/${listing.id}/offers`, { amountMinor: 150_000 }),
    'offer',
  );
  await bodyOf(seller.api.post(`/api/offers/${offer.id}/accept`), 'acceptance');
  const contract = await bodyOf(buyer.api.get(`/api/offers/${offer.id}/contract`), 'contract');
  for (const party of [seller, buyer]) {
    await bodyOf(
      party.api.post(`/api/contracts/${contract.id}/sign`, { confirm: 'I AGREE' }),
      'signature',
    );
  }
  const escrowId: string = (
    await bodyOf(buyer.api.get(`/api/contracts/${contract.id}`), 'contract')
  ).escrowId;
  const escrow = (until: (view: ApiAnswer['body']) => boolean, what: string) =>
    eventually(
      () => buyer.api.get(`/api/escrow/${escrowId}`),
      (answer) => answer.status === 200 && until(answer.body),
      what,
    );
  const awaiting = await escrow(
    (view) => view.payment?.providerPaymentId != null,
    'a payment intent',
  );
  await new StripeDoubleControl(sandboxes.stripe ?? '').succeedPaymentIntent(
    awaiting.body.payment.providerPaymentId,
  );
  await escrow((view) => view.state === 'FUNDS_HELD', 'the funds held');
  const disputed = await bodyOf(
    buyer.api.post(`/api/escrow/${escrowId}/dispute`, {
      reason: 'NOT_DELIVERED',
      detail: 'nothing came',
    }),
    'dispute',
  );
  await escrow((view) => view.state === 'DISPUTED', 'the dispute');
  return {
    buyer,
    seller,
    universeId,
    listingId: listing.id,
    offerId: offer.id,
    contractId: contract.id,
    escrowId,
    disputeCommandId: disputed.commandId,
  };
}

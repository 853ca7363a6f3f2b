import { randomInt } from 'node:crypto';
import { formatUsdCents } from '@bloxtr8/marketplace';
import { linkWithRoblox, RobloxDoubleControl } from '@bloxtr8/sandbox/roblox';
import { StripeDoubleControl } from '@bloxtr8/sandbox/stripe';
import { DemoClient } from './demo-client.ts';
import { TimelinePrinter } from './timeline-printer.ts';

export interface DemoTradeOptions {
  readonly gatewayUrl: string;
  readonly botToken: string;
  /** The running platform's Stripe and Roblox sandboxes (its doubles' addresses). */
  readonly stripeUrl: string;
  readonly robloxUrl: string;
  /** Where the story is told, line by line. */
  readonly say: (line: string) => void;
  /** What the traders agree on; the Stripe demo's haggle over $3,000 unless given. */
  readonly deal?: DemoDeal;
}

/** The Stripe demo's haggle: the listing's price, the buyer's offer, the seller's counter. */
const STRIPE_DEMO_CENTS = { price: 300_000, offer: 250_000, counter: 280_000 } as const;

/** What the buyer and seller agree on: the price, and optionally an offer and a counter first. */
export interface DemoDeal {
  readonly price: number;
  readonly offer: number;
  readonly counter?: number;
}

/** The API's money is decimal strings of cents; the demo's own amounts are whole cents too. */
export const dollars = (cents: string | number | bigint) => formatUsdCents(BigInt(cents));

/** A trade the demo opened and funded, to be completed now or after a restart of the platform. */
export interface FundedTrade {
  readonly escrowId: string;
  readonly sellerDiscordUserId: string;
  readonly buyerDiscordUserId: string;
  /** Timeline entries already printed, so the rest of the story does not repeat them. */
  readonly printed: ReadonlySet<string>;
}

/**
 * One complete trade through the public HTTP API, as the Discord bot would drive it for two
 * people: signup, Roblox linking, payout onboarding, listing, offer, counter-offer, acceptance,
 * contract, both signatures, payment in the Stripe sandbox, delivery, release. The escrow's
 * timeline is printed as it happens. Returns the escrow id.
 */
export async function runDemoTrade(options: DemoTradeOptions): Promise<string> {
  const trade = await fundDemoTrade(options);
  await completeDemoTrade(options, trade);
  return trade.escrowId;
}

/** The trade up to FUNDS_HELD: the buyer's money is in escrow, the seller has not delivered. */
export async function fundDemoTrade(options: DemoTradeOptions): Promise<FundedTrade> {
  const { say } = options;
  const run = randomInt(1_000_000, 9_999_999);
  const { seller, buyer, roblox } = await demoTraders(options, run);
  const payout = await seller.client.post('/api/me/payout-account', {});
  // The seller fills in Stripe's onboarding form (the sandbox completes it when the page opens);
  // Stripe then sends them back to the web app, which the demo does not need to follow.
  const onboarding = await fetch(payout.onboardingUrl, { redirect: 'manual' });
  if (onboarding.status >= 400) throw new Error(`onboarding answered ${onboarding.status}`);
  say(`seller onboarded Stripe Connect account ${payout.accountId} for the payout`);

  const deal = options.deal ?? STRIPE_DEMO_CENTS;
  const escrowId = await agreeOnContract(options, roblox, run, deal, seller.client, buyer.client);
  const timeline = new TimelinePrinter(buyer.client, escrowId, say);
  const awaiting = await timeline.until((escrow) => escrow.payment.clientSecret !== null);
  await new StripeDoubleControl(options.stripeUrl).succeedPaymentIntent(
    awaiting.payment.providerPaymentId,
  );
  await timeline.until((escrow) => escrow.state === 'FUNDS_HELD');
  return {
    escrowId,
    sellerDiscordUserId: seller.discordUserId,
    buyerDiscordUserId: buyer.discordUserId,
    printed: timeline.printed,
  };
}

/** A demo trader: signed up through the bot, with a Roblox account linked in the sandbox. */
export interface DemoTrader {
  readonly client: DemoClient;
  readonly discordUserId: string;
}

/** The seller and the buyer of one demo run, both TIER_1. */
export async function demoTraders(
  options: Pick<DemoTradeOptions, 'gatewayUrl' | 'botToken' | 'robloxUrl' | 'say'>,
  run: number,
): Promise<{ seller: DemoTrader; buyer: DemoTrader; roblox: RobloxDoubleControl }> {
  const roblox = { url: options.robloxUrl, control: new RobloxDoubleControl(options.robloxUrl) };
  const trader = async (name: string, robloxId: string) => {
    const discordUserId = `${randomInt(100_000_000, 999_999_999)}${run}`;
    const client = new DemoClient(options.gatewayUrl, options.botToken, discordUserId);
    await client.post('/api/users', { discordUsername: `${name}_${run}`, acceptTerms: true });
    await linkWithRoblox(
      options.gatewayUrl,
      roblox,
      { ...client.headers },
      {
        id: robloxId,
        username: `${name}_${run}`,
      },
    );
    const me = await client.get('/api/me');
    options.say(`${name} signed up and linked Roblox account ${robloxId}: ${me.user.tier}`);
    return { client, discordUserId };
  };
  const seller = await trader('seller', `${run}1`);
  const buyer = await trader('buyer', `${run}2`);
  return { seller, buyer, roblox: roblox.control };
}

/** Listing, offer, counter-offer, acceptance and both signatures; returns the new escrow's id. */
export async function agreeOnContract(
  options: Pick<DemoTradeOptions, 'say'>,
  roblox: RobloxDoubleControl,
  run: number,
  deal: DemoDeal,
  seller: DemoClient,
  buyer: DemoClient,
): Promise<string> {
  const { say } = options;
  const universeId = `${run}0`;
  await roblox.addUniverse({
    id: universeId,
    name: `Demo Tycoon ${run}`,
    creator: { id: `${run}1`, type: 'User' },
  });
  const listing = await seller.post('/api/listings', {
    universeId,
    title: `Demo Tycoon ${run}`,
    summary: 'A tycoon game with an active community, sold with all its assets.',
    priceMinor: deal.price,
    category: 'tycoon',
    visibility: 'PUBLIC',
  });
  say(`listing ${listing.id}: "${listing.title}" for ${dollars(deal.price)} (ownership verified)`);
  const offer = await buyer.post(`/api/listings/${listing.id}/offers`, { amountMinor: deal.offer });
  say(`buyer offers ${dollars(deal.offer)}`);
  const agreed =
    deal.counter === undefined
      ? offer
      : await seller.post(`/api/offers/${offer.id}/counter`, { amountMinor: deal.counter });
  if (deal.counter !== undefined) say(`seller counters with ${dollars(deal.counter)}`);
  const acceptor = deal.counter === undefined ? seller : buyer;
  await acceptor.post(`/api/offers/${agreed.id}/accept`);
  const contract = await buyer.get(`/api/offers/${agreed.id}/contract`);
  const accepted = deal.counter === undefined ? 'seller' : 'buyer';
  say(`${accepted} accepts: contract ${contract.id} generated (PDF SHA-256 ${contract.pdfSha256})`);
  await seller.post(`/api/contracts/${contract.id}/sign`, { confirm: 'I AGREE' });
  const signed = await buyer.post(`/api/contracts/${contract.id}/sign`, { confirm: 'I AGREE' });
  const escrowId: string = signed.contract.escrowId;
  say(`both signed: contract executed, escrow ${escrowId} opens\n`);
  return escrowId;
}

/** The rest of a funded trade: the seller delivers, the buyer releases, the seller is paid. */
export async function completeDemoTrade(
  options: DemoTradeOptions,
  trade: FundedTrade,
): Promise<void> {
  const { gatewayUrl, botToken, say } = options;
  const seller = new DemoClient(gatewayUrl, botToken, trade.sellerDiscordUserId);
  const buyer = new DemoClient(gatewayUrl, botToken, trade.buyerDiscordUserId);
  const { escrowId } = trade;
  const timeline = new TimelinePrinter(buyer, escrowId, say, trade.printed);
  await seller.post(`/api/escrow/${escrowId}/deliver`, { note: 'ownership transferred' });
  await timeline.until((escrow) => escrow.state === 'DELIVERED');
  await buyer.post(`/api/escrow/${escrowId}/release`);
  const released = await timeline.until((escrow) => escrow.state === 'RELEASED');
  say(
    `\nRELEASED: ${dollars(released.payoutMinor)} paid to the seller, ${dollars(released.feeMinor)} platform fee`,
  );
}

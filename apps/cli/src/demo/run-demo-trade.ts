import { randomInt } from 'node:crypto';
import { formatUsdCents } from '@bloxtr8/marketplace';
import { linkWithRoblox, RobloxDoubleControl } from '@bloxtr8/sandbox/roblox';
import { StripeDoubleControl } from '@bloxtr8/sandbox/stripe';
import type { Json } from './demo-client.ts';
import { DemoClient } from './demo-client.ts';

export interface DemoTradeOptions {
  readonly gatewayUrl: string;
  readonly botToken: string;
  /** The running platform's Stripe and Roblox sandboxes (its doubles' addresses). */
  readonly stripeUrl: string;
  readonly robloxUrl: string;
  /** Where the story is told, line by line. */
  readonly say: (line: string) => void;
}

const PRICE_CENTS = 300_000;
const OFFER_CENTS = 250_000;
const COUNTER_CENTS = 280_000;

/** The API's money is decimal strings of cents; the demo's own amounts are whole cents too. */
const dollars = (cents: string | number) => formatUsdCents(BigInt(cents));

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
  const roblox = { url: options.robloxUrl, control: new RobloxDoubleControl(options.robloxUrl) };
  const run = randomInt(1_000_000, 9_999_999);

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
    say(`${name} signed up and linked Roblox account ${robloxId}: ${me.user.tier}`);
    return { client, discordUserId };
  };

  const sellerRobloxId = `${run}1`;
  const seller = await trader('seller', sellerRobloxId);
  const buyer = await trader('buyer', `${run}2`);
  const payout = await seller.client.post('/api/me/payout-account', {});
  // The seller fills in Stripe's onboarding form (the sandbox completes it when the page opens);
  // Stripe then sends them back to the web app, which the demo does not need to follow.
  const onboarding = await fetch(payout.onboardingUrl, { redirect: 'manual' });
  if (onboarding.status >= 400) throw new Error(`onboarding answered ${onboarding.status}`);
  say(`seller onboarded Stripe Connect account ${payout.accountId} for the payout`);

  const escrowId = await agreeOnContract(options, roblox.control, run, seller.client, buyer.client);
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

/** Listing, offer, counter-offer, acceptance and both signatures; returns the new escrow's id. */
async function agreeOnContract(
  options: DemoTradeOptions,
  roblox: RobloxDoubleControl,
  run: number,
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
    priceMinor: PRICE_CENTS,
    category: 'tycoon',
    visibility: 'PUBLIC',
  });
  say(`listing ${listing.id}: "${listing.title}" for ${dollars(PRICE_CENTS)} (ownership verified)`);
  const offer = await buyer.post(`/api/listings/${listing.id}/offers`, {
    amountMinor: OFFER_CENTS,
  });
  say(`buyer offers ${dollars(OFFER_CENTS)}`);
  const counter = await seller.post(`/api/offers/${offer.id}/counter`, {
    amountMinor: COUNTER_CENTS,
  });
  say(`seller counters with ${dollars(COUNTER_CENTS)}`);
  await buyer.post(`/api/offers/${counter.id}/accept`);
  const contract = await buyer.get(`/api/offers/${counter.id}/contract`);
  say(`buyer accepts: contract ${contract.id} generated (PDF SHA-256 ${contract.pdfSha256})`);
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

/** Polls the escrow as its buyer sees it and prints each timeline entry once, in order. */
class TimelinePrinter {
  readonly #printed: Set<string>;
  readonly #client: DemoClient;
  readonly #escrowId: string;
  readonly #say: (line: string) => void;

  constructor(
    client: DemoClient,
    escrowId: string,
    say: (line: string) => void,
    printed: ReadonlySet<string> = new Set(),
  ) {
    this.#client = client;
    this.#escrowId = escrowId;
    this.#say = say;
    this.#printed = new Set(printed);
  }

  get printed(): ReadonlySet<string> {
    return this.#printed;
  }

  async until(done: (escrow: Json) => boolean, timeoutMs = 30_000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const escrow = await this.#read();
      if (escrow !== undefined) {
        this.#print(escrow);
        if (done(escrow)) return escrow;
      }
      if (Date.now() > deadline) throw new Error(`the escrow did not get there in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async #read(): Promise<Json | undefined> {
    try {
      return await this.#client.get(`/api/escrow/${this.#escrowId}`);
    } catch {
      return undefined; // not projected yet
    }
  }

  #print(escrow: Json): void {
    for (const entry of escrow.timeline) {
      if (this.#printed.has(entry.eventId)) continue;
      this.#printed.add(entry.eventId);
      const detail = Object.entries(entry.detail)
        .filter(([, value]) => value !== null && value !== '')
        .map(([key, value]) => `${key}=${value}`)
        .join(' ');
      this.#say(`  ${entry.occurredAt.slice(11, 23)}  ${entry.eventType.padEnd(24)} ${detail}`);
    }
  }
}

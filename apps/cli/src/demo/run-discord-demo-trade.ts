import { randomInt } from 'node:crypto';
import { parseCustomId } from '@bloxtr8/discord-kit';
import { buttonsOf, DiscordDoubleControl } from '@bloxtr8/sandbox/discord';
import { RobloxDoubleControl } from '@bloxtr8/sandbox/roblox';
import { StripeDoubleControl } from '@bloxtr8/sandbox/stripe';
import type { APIMessage } from 'discord-api-types/v10';
import type { Say } from './discord-trader.ts';
import { DiscordTrader, mustMessage } from './discord-trader.ts';

export interface DiscordDemoOptions {
  readonly gatewayUrl: string;
  /** The running platform's sandboxes: Discord (where people click), Stripe and Roblox. */
  readonly discordUrl: string;
  readonly stripeUrl: string;
  readonly robloxUrl: string;
  readonly say: Say;
}

export interface DiscordDemoTrade {
  readonly escrowId: string;
  /** The server it happened in, and the listing's title (its post there). */
  readonly guildId: string;
  readonly title: string;
  readonly seller: DiscordTrader;
  readonly buyer: DiscordTrader;
}

/** A Discord demo trade whose buyer's money is held: the seller's "paid" DM is `held`. */
export interface FundedDiscordTrade extends DiscordDemoTrade {
  readonly held: APIMessage;
}

/**
 * The demo's whole trade driven only through signed interactions, as two people do it in one
 * Discord server: sign up, link Roblox, set up payouts and the marketplace, list a game (the post
 * appears in its price channel), search (suggested category, a menu to pick from), offer, counter,
 * accept, sign, pay, deliver, release — every bot reply and DM printed as they see it.
 */
export async function runDiscordDemoTrade(options: DiscordDemoOptions): Promise<DiscordDemoTrade> {
  const trade = await fundDiscordTrade(options);
  const { seller, buyer } = trade;
  await seller.click(trade.held, 'Mark delivered');
  await buyer.click(await buyer.dm('marked the game delivered'), 'Confirm & release');
  await seller.dm('Released:');
  await buyer.dm('Trade complete');
  return trade;
}

/** The trade up to FUNDS_HELD: listed, agreed, signed and paid; the seller has not delivered. */
export async function fundDiscordTrade(options: DiscordDemoOptions): Promise<FundedDiscordTrade> {
  const { say } = options;
  const control = new DiscordDoubleControl(options.discordUrl);
  const run = randomInt(1_000_000, 9_999_999);
  const guildId = `${run}${randomInt(100_000_000, 999_999_999)}`;
  const seller = new DiscordTrader(control, 'seller', guildId, say);
  const buyer = new DiscordTrader(control, 'buyer', guildId, say);
  for (const [trader, robloxId] of [
    [seller, `${run}1`],
    [buyer, `${run}2`],
  ] as const) {
    const terms = await trader.command('/signup', 'signup');
    await trader.click(mustMessage(terms), 'I accept the terms');
    await trader.linkRoblox(options.gatewayUrl, options.robloxUrl, robloxId);
  }
  const payout = await seller.command('/payout', 'payout');
  const onboarding = await fetch(await seller.link(mustMessage(payout), 'Set up payouts'), {
    redirect: 'manual',
  });
  if (onboarding.status >= 400) throw new Error(`onboarding answered ${onboarding.status}`);
  await seller.command('/marketplace setup', 'marketplace', {}, 'setup');
  const title = `Demo Tycoon ${run}`;
  await listGame(options, control, { seller, guildId, title, run });
  await agreeAndPay(options, { seller, buyer, title });
  const held = await seller.dm('The buyer paid');
  const deliver = buttonsOf(held).find((button) => button.label === 'Mark delivered');
  const escrowId = parseCustomId(deliver?.custom_id ?? '')?.args.escrowId ?? '';
  return { escrowId, guildId, title, seller, buyer, held };
}

/** The seller verifies and lists the game; its post appears in the server's price channel. */
async function listGame(
  options: DiscordDemoOptions,
  control: DiscordDoubleControl,
  listing: { seller: DiscordTrader; guildId: string; title: string; run: number },
): Promise<void> {
  const { say } = options;
  const { seller, run, title } = listing;
  const universeId = `${run}0`;
  await new RobloxDoubleControl(options.robloxUrl).addUniverse({
    id: universeId,
    name: title,
    creator: { id: `${run}1`, type: 'User' },
  });
  await seller.command(`/verify game:${universeId}`, 'verify', { game: universeId });
  const form = await seller.person.command('listing', { game: universeId }, 'create');
  say(`seller › /listing create game:${universeId}`);
  const listed = await seller.person.submit(form, {
    title,
    summary: 'A tycoon game with an active community, sold with all its assets.',
    price: '3,000',
    category: 'tycoon',
    visibility: 'PUBLIC',
  });
  say(`  bot → seller: ${mustMessage(listed).content}`);
  const post = await listingPost(control, listing.guildId, title);
  say(`  #listings-under-5k: [${post.embeds?.[0]?.title}] (Make offer)`);
}

/** The buyer finds the listing and offers; counter, acceptance, both signatures, payment. */
async function agreeAndPay(
  options: DiscordDemoOptions,
  trade: { seller: DiscordTrader; buyer: DiscordTrader; title: string },
): Promise<void> {
  const { say } = options;
  const { seller, buyer } = trade;
  const typed = await buyer.person.suggestions('listing', 'view', 'category', 'tyc');
  say(`buyer types /listing view category:tyc… → suggested: ${typed.join(', ')}`);
  const found = await buyer.command(
    '/listing view category:tycoon',
    'listing',
    { category: typed[0] ?? 'tycoon' },
    'view',
  );
  await buyer.choose(mustMessage(found), trade.title, {
    amount: '2,500',
    message: 'Would you take 2,500?',
  });
  await seller.click(await seller.dm('New offer'), 'Counter', { amount: '2,800' });
  await buyer.click(await buyer.dm('Counter-offer'), 'Accept');
  for (const trader of [seller, buyer]) {
    await trader.click(await trader.dm('contract for'), 'Sign: I AGREE', { confirm: 'I AGREE' });
  }
  const payment = await buyer.click(await buyer.dm('Your escrow awaits'), 'Pay');
  const payLink = await buyer.link(mustMessage(payment), 'Open the payment page');
  const paymentIntentId = new URL(payLink).pathname.split('/').pop() ?? '';
  await new StripeDoubleControl(options.stripeUrl).succeedPaymentIntent(paymentIntentId);
  say('buyer pays on the Stripe sandbox page');
}

/** The listing's post in the server's price channel, once the notifications have posted it. */
export async function listingPost(
  control: DiscordDoubleControl,
  guildId: string,
  title: string,
): Promise<APIMessage> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const channels = (await control.channels()).filter(
      (channel) => (channel as { guild_id?: string }).guild_id === guildId && channel.type === 0,
    );
    for (const channel of channels) {
      const found = (await control.channelMessages(channel.id)).find((message) =>
        message.embeds?.[0]?.title?.startsWith(title),
      );
      if (found !== undefined) return found;
    }
    if (Date.now() > deadline) throw new Error(`no post of "${title}" in server ${guildId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

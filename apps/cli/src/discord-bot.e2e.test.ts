import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiscordDoubleControl } from '@bloxtr8/sandbox/discord';
import {
  DiscordDoubleControl as Control,
  DiscordPerson,
  InteractionSigner,
} from '@bloxtr8/sandbox/discord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordTrader, mustMessage } from './demo/discord-trader.ts';
import {
  fundDiscordTrade,
  listingPost,
  runDiscordDemoTrade,
} from './demo/run-discord-demo-trade.ts';
import type { SandboxManifest } from './platform/sandbox-manifest.ts';
import { readSandboxManifest } from './platform/sandbox-manifest.ts';
import { runCli, startCli } from './run-cli.ts';
import type { RoundRobinProxy } from './testing/round-robin-proxy.ts';
import { startRoundRobinProxy } from './testing/round-robin-proxy.ts';

/**
 * The bot as Discord meets it: `bloxtr8 start` (gateway, services, the Discord sandbox) and two
 * `bloxtr8 run bot` processes behind one address, driven only through interactions the sandbox
 * signs and POSTs.
 */
/** Made ADMIN when they sign up (ADMIN_DISCORD_IDS), so they settle disputes from Discord. */
const MODERATOR_ID = '190000000000000777';

describe('the Discord bot over signed interactions', () => {
  const dataDirs: string[] = [];
  const newDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'bloxtr8-discord-'));
    dataDirs.push(dir);
    return dir;
  };
  const dataDir = newDataDir();
  const processes: Array<ReturnType<typeof startCli>> = [];
  let manifest: SandboxManifest;
  let control: DiscordDoubleControl;
  let proxy: RoundRobinProxy;
  let discordEnv: Record<string, string>;

  beforeAll(async () => {
    const platform = startCli(['start'], {
      PORT: '0',
      BLOXTR8_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ADMIN_DISCORD_IDS: MODERATOR_ID,
    });
    processes.push(platform);
    await platform.listening;
    manifest = (await readSandboxManifest(dataDir)) as SandboxManifest;
    const discordUrl = manifest.sandboxes.discord ?? '';
    control = new Control(discordUrl);
    const settings = JSON.parse(readFileSync(join(dataDir, 'sandbox', 'settings.json'), 'utf8'));
    discordEnv = {
      DISCORD_APPLICATION_ID: settings.discord.clientId,
      DISCORD_PUBLIC_KEY: new InteractionSigner(settings.discord.signingKey).publicKeyHex,
      DISCORD_BOT_TOKEN: settings.discord.botToken,
      DISCORD_API_URL: discordUrl,
      LOG_LEVEL: 'warn',
    };
    const bots = [0, 1].map(() =>
      startCli(['run', 'bot'], {
        ...discordEnv,
        PORT: '0',
        BLOXTR8_DATA_DIR: newDataDir(),
        PUBLIC_URL: manifest.gatewayUrl,
        BOT_API_TOKEN: manifest.botToken ?? '',
        // As `bloxtr8 sandbox` hands them out: the bot shows the Stripe sandbox's payment page.
        STRIPE_SECRET_KEY: settings.stripe.secretKey,
        STRIPE_WEBHOOK_SECRET: settings.stripe.webhookSecret,
        STRIPE_API_URL: manifest.sandboxes.stripe ?? '',
      }),
    );
    processes.push(...bots);
    proxy = await startRoundRobinProxy(await Promise.all(bots.map((bot) => bot.listening)));
    await control.setInteractionsUrl(`${proxy.url}/interactions`);
  }, 90_000);

  afterAll(async () => {
    await proxy?.close();
    for (const process of processes.reverse()) {
      process.child.kill('SIGINT');
      await process.finished;
    }
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const whoAmI = (discordUserId: string) =>
    fetch(`${manifest.gatewayUrl}/api/me`, {
      headers: { authorization: `Bot ${manifest.botToken}`, 'x-discord-user-id': discordUserId },
    });

  it('answers PING, and refuses a forged or stale signature with 401 before anything happens', async () => {
    const user = { id: '190000000000000001' };
    expect(await control.interact({ type: 1, user })).toMatchObject({
      status: 200,
      body: { type: 1 },
    });
    for (const signature of ['forged', 'stale'] as const) {
      const refused = await control.interact({
        type: 3,
        user,
        data: { custom_id: 'signup:accept:v1', component_type: 2 },
        signature,
      });
      expect(refused).toMatchObject({
        status: 401,
        body: { code: 'INTERACTION_SIGNATURE_INVALID' },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await whoAmI(user.id)).status).toBe(401); // never signed up
  });

  it('runs a whole trade from /signup to RELEASED through interactions alone, two bots taking turns, each DM once', async () => {
    const said: string[] = [];
    const trade = await runDiscordDemoTrade({
      gatewayUrl: manifest.gatewayUrl,
      discordUrl: manifest.sandboxes.discord ?? '',
      stripeUrl: manifest.sandboxes.stripe ?? '',
      robloxUrl: manifest.sandboxes.roblox ?? '',
      say: (line) => said.push(line),
    });
    expect(said.join('\n')).toContain('Released: $2,660.00');
    const [first = 0, second = 0] = proxy.served;
    expect(first).toBeGreaterThan(10);
    expect(second).toBeGreaterThan(10);
    const escrow = await fetch(`${manifest.gatewayUrl}/api/escrow/${trade.escrowId}`, {
      headers: {
        authorization: `Bot ${manifest.botToken}`,
        'x-discord-user-id': trade.buyer.person.id,
      },
    });
    expect(await escrow.json()).toMatchObject({ state: 'RELEASED', payoutMinor: '266000' });
    await listingPost(control, trade.guildId, `${trade.title} — SOLD`); // the post shows it sold
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // late or repeated DMs would show
    const texts = async (person: DiscordPerson) =>
      (await person.dms()).map((dm) => dm.content.split(' ').slice(0, 4).join(' '));
    const seller = await texts(trade.seller.person);
    const buyer = await texts(trade.buyer.person);
    expect(new Set(seller).size).toBe(seller.length);
    expect(new Set(buyer).size).toBe(buyer.length);
    for (const start of [
      '💬 New offer',
      '✅ Your offer was',
      '📝 The contract for',
      '🤝 Both signed:',
      '💰 The buyer paid',
      '🎉 Released:',
    ]) {
      expect(seller.filter((text) => text.startsWith(start))).toHaveLength(1);
    }
    for (const start of [
      '💬 Counter-offer',
      '📝 The contract for',
      '✍️ The other party',
      '🤝 Both signed:',
      '💳 Your escrow awaits',
      '📦 The seller marked',
      '🎉 Trade complete:',
    ]) {
      expect(buyer.filter((text) => text.startsWith(start))).toHaveLength(1);
    }
  }, 90_000);

  it('tells the demo trade through Discord as the people see it (npm run demo -- --via discord)', async () => {
    const demo = await runCli(dataDir, 'demo', '--via', 'discord');
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    for (const line of [
      'seller › /signup',
      'buyer types /listing view category:tyc… → suggested: tycoon',
      'buyer picks "#1 Demo Tycoon',
      '✉ DM to seller: 💬 New offer of **$2,500.00**',
      'buyer fills in "Sign the contract": I AGREE',
      '✉ DM to buyer: 📦 The seller marked the game delivered',
      '✉ DM to seller: 🎉 Released: $2,660.00',
      'RELEASED: escrow',
    ]) {
      expect(demo.stdout).toContain(line);
    }
  }, 60_000);

  it('settles a dispute from Discord: the buyer opens it with a reason, a moderator refunds it', async () => {
    const sandboxes = {
      gatewayUrl: manifest.gatewayUrl,
      discordUrl: manifest.sandboxes.discord ?? '',
      stripeUrl: manifest.sandboxes.stripe ?? '',
      robloxUrl: manifest.sandboxes.roblox ?? '',
      say: () => {},
    };
    const moderator = new DiscordTrader(
      control,
      'moderator',
      '190000000000000778',
      () => {},
      MODERATOR_ID,
    );
    const terms = await moderator.command('/signup', 'signup');
    await moderator.click(mustMessage(terms), 'I accept the terms');
    const { buyer, seller, escrowId } = await fundDiscordTrade(sandboxes);
    const card = await buyer.click(await buyer.dm('is held in escrow'), 'View escrow');
    const disputed = await buyer.click(mustMessage(card), 'Open dispute', {
      reason: 'NOT_DELIVERED',
      detail: 'The seller never handed the game over.',
    });
    expect(mustMessage(disputed).content).toContain('Dispute opened');
    await seller.dm('The other party opened a dispute');
    const queue = await moderator.command('/disputes', 'disputes');
    expect(mustMessage(queue).content).toContain(escrowId);
    const resolved = await moderator.click(
      await moderator.dm(`Dispute on escrow \`${escrowId}\``),
      'Resolve: refund',
      {
        note: 'No delivery was shown.',
      },
    );
    expect(mustMessage(resolved).content).toContain('Resolved: the buyer is refunded.');
    await buyer.dm('You were refunded $2,800.00');
    const escrow = await fetch(`${manifest.gatewayUrl}/api/escrow/${escrowId}`, {
      headers: { authorization: `Bot ${manifest.botToken}`, 'x-discord-user-id': buyer.person.id },
    });
    expect(await escrow.json()).toMatchObject({ state: 'REFUNDED' });
  }, 90_000);

  it('rides out Discord answering 429 and 5xx while finishing a deferred reply', async () => {
    const person = new DiscordPerson(control, { id: '190000000000000002', username: 'patient' });
    await control.failRestRequests(429, 1, 300);
    await control.failRestRequests(503, 2);
    const reply = await person.command('link');
    expect(reply.message?.content).toContain('not signed up');
    const calls = await control.restCalls();
    const faults = calls.filter((call) => call.status === 429 || call.status === 503);
    expect(faults.length).toBeGreaterThanOrEqual(3);
    expect(calls.at(-1)?.status).toBe(200);
  }, 30_000);

  it('registers the command set twice as one set', async () => {
    const guildId = '190000000000000099';
    const register = async () => {
      const run = startCli(['discord', 'commands', 'register', '--guild', guildId], {
        ...discordEnv,
        BLOXTR8_DATA_DIR: newDataDir(),
      });
      const done = await run.finished;
      expect(done.code, done.stderr).toBe(0);
      return control.commands(guildId);
    };
    const once = await register();
    const twice = await register();
    const names = (commands: typeof once) => commands.map((command) => command.name).sort();
    expect(names(twice)).toEqual(names(once));
    expect(new Set(names(twice)).size).toBe(twice.length);
    expect(names(twice)).toEqual([
      'contract',
      'disputes',
      'escrow',
      'help',
      'link',
      'listing',
      'marketplace',
      'payout',
      'signup',
      'verify',
    ]);
    expect(twice.map((command) => command.id).sort()).toEqual(
      once.map((command) => command.id).sort(),
    );
  }, 30_000);
});

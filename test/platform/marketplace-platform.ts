import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marketplaceRoutes } from '@bloxtr8/api';
import type { MarketplaceService } from '@bloxtr8/marketplace';
import { localFileStore, startMarketplaceService } from '@bloxtr8/marketplace';
import { createLogger, systemClock } from '@bloxtr8/platform';
import type { DiscordDouble } from '@bloxtr8/sandbox/discord';
import { startDiscordDouble } from '@bloxtr8/sandbox/discord';
import type { RobloxDouble } from '@bloxtr8/sandbox/roblox';
import { linkWithRoblox, newRobloxId, startRobloxDouble } from '@bloxtr8/sandbox/roblox';
import { ApiCaller } from './api-caller.ts';
import { botHeaders, newDiscordUserId, testIdentityGateway } from './identity-fixtures.ts';
import { onboardSeller } from './payout-fixtures.ts';
import { testRobloxApis } from './roblox-test-apis.ts';
import type { TestPlatform, TestPlatformOptions } from './start-test-platform.ts';
import { startTestPlatform } from './start-test-platform.ts';

/** A person as the Discord bot acts for them: signed up, Roblox linked (TIER_1). */
export interface MarketTrader {
  readonly api: ApiCaller;
  readonly userId: string;
  readonly robloxUserId: string;
}

/** The test platform with the whole marketplace behind its gateway and every provider double. */
export interface MarketplacePlatform {
  readonly platform: TestPlatform;
  readonly roblox: RobloxDouble;
  readonly discord: DiscordDouble;
  /** Signs a trader up through the bot and links a new Roblox account through the real flow. */
  trader(name: string): Promise<MarketTrader>;
  /** A new game on the Roblox double, created by the trader's Roblox account. */
  addGame(owner: MarketTrader): Promise<string>;
  /** The trader's Stripe Connect account, onboarded through the API (the sandbox completes it). */
  onboardPayouts(seller: MarketTrader): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Escrow, payments (with payout onboarding), projections and the marketplace (routes and
 * service) on one database and the embedded bus, with the Stripe, Discord and Roblox doubles:
 * trades over HTTP only.
 */
export async function startMarketplacePlatform(
  options: Pick<TestPlatformOptions, 'usdc' | 'clock'> = {},
): Promise<MarketplacePlatform> {
  const directory = mkdtempSync(join(tmpdir(), 'bloxtr8-market-'));
  const roblox = await startRobloxDouble();
  const discord = await startDiscordDouble();
  let marketplace: MarketplaceService | undefined;
  const platform = await startTestPlatform({
    ...options,
    projections: true,
    api: (db) => {
      const identity = testIdentityGateway(db, { discord });
      const routes = marketplaceRoutes({
        db,
        clock: systemClock,
        roblox: testRobloxApis(roblox),
        files: localFileStore(directory),
        onCommitted: () => marketplace?.relay.wake(),
      });
      return { ...identity, routes: [...identity.routes, ...routes] };
    },
  });
  marketplace = await startMarketplaceService({
    db: platform.db,
    bus: platform.bus,
    logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    sweepIntervalMs: 3_600_000,
  });
  return {
    platform,
    roblox,
    discord,
    async trader(name) {
      const discordUserId = newDiscordUserId();
      const api = new ApiCaller(platform.baseUrl, botHeaders(discordUserId));
      const signedUp = await api.post('/api/users', { discordUsername: name, acceptTerms: true });
      if (signedUp.status !== 201) throw new Error(`sign-up answered ${signedUp.status}`);
      const robloxUserId = newRobloxId();
      const linked = await linkWithRoblox(platform.baseUrl, roblox, botHeaders(discordUserId), {
        id: robloxUserId,
        username: name,
      });
      if (linked.status !== 302) throw new Error(`linking answered ${linked.status}`);
      const me = await api.get('/api/me');
      return { api, userId: me.body.user.id as string, robloxUserId };
    },
    async addGame(owner) {
      const universeId = newRobloxId();
      await roblox.control.addUniverse({
        id: universeId,
        creator: { id: owner.robloxUserId, type: 'User' },
      });
      return universeId;
    },
    async onboardPayouts(seller) {
      await onboardSeller(platform, seller.userId);
    },
    async stop() {
      await marketplace?.stop();
      await platform.stop();
      await roblox.close();
      await discord.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

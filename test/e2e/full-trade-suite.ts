import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marketplaceRoutes } from '@bloxtr8/api';
import { TOPICS } from '@bloxtr8/contracts';
import type { MarketplaceService } from '@bloxtr8/marketplace';
import { localFileStore, startMarketplaceService } from '@bloxtr8/marketplace';
import { createLogger, systemClock } from '@bloxtr8/platform';
import type { DiscordDouble } from '@bloxtr8/sandbox/discord';
import { startDiscordDouble } from '@bloxtr8/sandbox/discord';
import type { RobloxDouble } from '@bloxtr8/sandbox/roblox';
import { linkWithRoblox, startRobloxDouble } from '@bloxtr8/sandbox/roblox';
import { testRobloxApis } from '@bloxtr8/test-support/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiAnswer, TestPlatform, TestPlatformOptions } from '../platform/index.ts';
import {
  ApiCaller,
  botHeaders,
  eventually,
  findTradeWireViolations,
  newDiscordUserId,
  onboardSeller,
  startTestPlatform,
  TopicRecorder,
  testIdentityGateway,
} from '../platform/index.ts';

/**
 * One whole trade through the public HTTP API only (SPEC §2–4): signup, Roblox linking, listing,
 * offer, counter-offer, acceptance, contract, both signatures, payment through the Stripe
 * sandbox, delivery, release — and the listing is sold. Then the wire itself: every message the
 * trade put on the topics, read by an outside consumer, keyed, partitioned, versioned and linked
 * as the contracts promise (SPEC §6).
 */
export function describeFullTrade(busName: string, busOptions: () => TestPlatformOptions): void {
  describe(`a trade from signup to RELEASED over HTTP (${busName})`, () => {
    const directory = mkdtempSync(join(tmpdir(), 'bloxtr8-full-trade-'));
    let platform: TestPlatform;
    let roblox: RobloxDouble;
    let discord: DiscordDouble;
    let marketplace: MarketplaceService | undefined;
    let wire: TopicRecorder;

    beforeAll(async () => {
      roblox = await startRobloxDouble();
      // Finishing a Roblox link needs the user signed in with Discord in the browser.
      discord = await startDiscordDouble();
      platform = await startTestPlatform({
        ...busOptions(),
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
        logger: createLogger({ level: 'silent' }),
        sweepIntervalMs: 3_600_000,
      });
      wire = await TopicRecorder.start(platform.bus, Object.values(TOPICS));
    }, 120_000);
    afterAll(async () => {
      await wire?.stop();
      await marketplace?.stop();
      await platform?.stop();
      await roblox?.close();
      await discord?.close();
      rmSync(directory, { recursive: true, force: true });
    }, 60_000);

    /** A trader the Discord bot signed up, with a linked Roblox account (TIER_1). */
    async function trader(name: string, robloxId: string) {
      const discordUserId = newDiscordUserId();
      const api = new ApiCaller(platform.baseUrl, botHeaders(discordUserId));
      const signedUp = await api.post('/api/users', { discordUsername: name, acceptTerms: true });
      expect(signedUp.status).toBe(201);
      await linkWithRoblox(platform.baseUrl, roblox, botHeaders(discordUserId), {
        id: robloxId,
        username: name,
      });
      const me = await api.get('/api/me');
      expect(me.body.user.tier).toBe('TIER_1');
      return { api, userId: me.body.user.id as string };
    }

    function ok(answer: ApiAnswer, status = 200): ApiAnswer {
      expect({ status: answer.status, body: answer.body }).toMatchObject({ status });
      return answer;
    }

    it('sells a game', async () => {
      const seller = await trader('game_maker', '81000001');
      const buyer = await trader('game_buyer', '81000002');
      await roblox.control.addUniverse({
        id: '9100001',
        creator: { id: '81000001', type: 'User' },
      });

      const listing = ok(
        await seller.api.post('/api/listings', {
          universeId: '9100001',
          title: 'Sky Islands Tycoon',
          summary: 'A tycoon with 2M visits and an active community.',
          priceMinor: 300_000,
          category: 'tycoon',
          visibility: 'PUBLIC',
        }),
        201,
      ).body;
      const offer = ok(
        await buyer.api.post(`/api/listings/${listing.id}/offers`, { amountMinor: 250_000 }),
        201,
      ).body;
      const counter = ok(
        await seller.api.post(`/api/offers/${offer.id}/counter`, { amountMinor: 280_000 }),
        201,
      ).body;
      ok(await buyer.api.post(`/api/offers/${counter.id}/accept`));

      const contract = ok(await buyer.api.get(`/api/offers/${counter.id}/contract`)).body;
      expect(contract).toMatchObject({ status: 'PENDING_SIGNATURE', amountMinor: '280000' });
      const pdf = await fetch(`${platform.baseUrl}/api/contracts/${contract.id}/pdf`, {
        headers: botHeaders((await buyer.api.get('/api/me')).body.user.discordUserId),
      });
      expect(pdf.headers.get('content-type')).toContain('application/pdf');
      ok(await seller.api.post(`/api/contracts/${contract.id}/sign`, { confirm: 'I AGREE' }));
      const signed = ok(
        await buyer.api.post(`/api/contracts/${contract.id}/sign`, { confirm: 'I AGREE' }),
      ).body;
      expect(signed.executed).toBe(true);
      const escrowId: string = signed.contract.escrowId;

      const awaiting = await eventually(
        () => buyer.api.get(`/api/escrow/${escrowId}`),
        (answer) => answer.status === 200 && answer.body.payment.clientSecret !== null,
        'the escrow to await the buyer’s payment',
      );
      expect(awaiting.body).toMatchObject({ state: 'AWAIT_FUNDS', amountMinor: '280000' });
      await platform.stripe.control.succeedPaymentIntent(awaiting.body.payment.providerPaymentId);
      await eventually(
        () => seller.api.get(`/api/escrow/${escrowId}`),
        (answer) => answer.body.state === 'FUNDS_HELD',
        'the funds to be held',
      );
      // The seller sets up payouts only now, long after signing: they are paid all the same.
      const payoutAccount = await onboardSeller(platform, seller.userId);
      const delivered = ok(
        await seller.api.post(
          `/api/escrow/${escrowId}/deliver`,
          { note: 'ownership transferred' },
          { prefer: 'wait=10' },
        ),
      );
      expect(delivered.body.status).toBe('APPLIED');
      ok(await buyer.api.post(`/api/escrow/${escrowId}/release`, undefined, { prefer: 'wait=10' }));
      const released = await eventually(
        () => buyer.api.get(`/api/escrow/${escrowId}`),
        (answer) => answer.body.state === 'RELEASED',
        'the release',
      );
      expect(released.body.payoutMinor).toBe((280_000 - 14_000).toString());
      const { transfers } = await platform.stripe.control.objects();
      expect(
        transfers.filter((transfer) => transfer.destination === payoutAccount).map((t) => t.amount),
      ).toEqual([266_000]);
      await eventually(
        () => buyer.api.get(`/api/listings/${listing.id}`),
        (answer) => answer.body.status === 'SOLD',
        'the listing to be sold',
      );

      const trade = {
        escrowId,
        contractId: contract.id as string,
        listingId: listing.id as string,
      };
      const violations = await eventually(
        () => Promise.resolve(findTradeWireViolations(wire.all(), trade)),
        (found) => found.length === 0,
        'every message of the trade to be on the wire as promised',
        10_000,
      ).catch(() => findTradeWireViolations(wire.all(), trade));
      expect(violations).toEqual([]);
    });
  });
}

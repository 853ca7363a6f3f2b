import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractRoutes } from '@bloxtr8/api';
import type { OutboxRelay } from '@bloxtr8/bus';
import { loadEscrow } from '@bloxtr8/escrow';
import { localFileStore, startMarketplaceOutbox } from '@bloxtr8/marketplace';
import { insertContractFixture } from '@bloxtr8/marketplace/testing';
import { createLogger, systemClock } from '@bloxtr8/platform';
import type { RobloxDouble } from '@bloxtr8/sandbox/roblox';
import { startRobloxDouble } from '@bloxtr8/sandbox/roblox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../platform/index.ts';
import {
  ApiCaller,
  botHeaders,
  giveGameTo,
  onboardSeller,
  signUpUser,
  startTestPlatform,
  testIdentityGateway,
  testRobloxApis,
} from '../platform/index.ts';

/** From two signatures through HTTP to an escrow waiting for the buyer's money. */
describe('an executed contract opens its escrow', () => {
  const directory = mkdtempSync(join(tmpdir(), 'bloxtr8-contract-e2e-'));
  const files = localFileStore(directory);
  let platform: TestPlatform;
  let relay: OutboxRelay | undefined;
  let roblox: RobloxDouble;

  beforeAll(async () => {
    roblox = await startRobloxDouble();
    platform = await startTestPlatform({
      api: (db) => {
        const identity = testIdentityGateway(db);
        const contracts = contractRoutes({
          db,
          clock: systemClock,
          files,
          roblox: testRobloxApis(roblox),
          onCommitted: () => relay?.wake(),
        });
        return { ...identity, routes: [...identity.routes, contracts] };
      },
    });
    relay = await startMarketplaceOutbox({
      db: platform.db,
      bus: platform.bus,
      logger: createLogger({ level: 'silent' }),
    });
  }, 120_000);
  afterAll(async () => {
    await relay?.stop();
    await platform?.stop();
    await roblox?.close();
    rmSync(directory, { recursive: true, force: true });
  }, 60_000);

  it('turns both parties signing at once into one escrow in AWAIT_FUNDS', async () => {
    const buyer = await signUpUser(platform.db, { tier: 'TIER_1' });
    const seller = await signUpUser(platform.db, { tier: 'TIER_2' });
    const payoutAccount = await onboardSeller(platform, seller.userId);
    const contract = await insertContractFixture(
      platform.db,
      { files, clock: systemClock },
      { buyerId: buyer.userId, sellerId: seller.userId, amountCents: 450_000n },
    );
    await giveGameTo(platform.db, roblox, {
      userId: seller.userId,
      universeId: contract.universeId,
    });
    const path = `/api/contracts/${contract.contractId}/sign`;
    const as = (discordUserId: string) =>
      new ApiCaller(platform.baseUrl, botHeaders(discordUserId));
    const answers = await Promise.all([
      as(buyer.discordUserId).post(path, { confirm: 'I AGREE' }),
      as(seller.discordUserId).post(path, { confirm: 'I AGREE' }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const executed = answers.find((answer) => answer.body.executed === true);
    const escrowId: string = executed?.body.contract.escrowId;
    expect(escrowId).toMatch(/^[0-9a-f-]{36}$/);

    await platform.waitForStatus(escrowId, 'AWAIT_FUNDS');
    const escrow = await loadEscrow(platform.db, escrowId);
    expect(escrow?.terms).toMatchObject({
      contractId: contract.contractId,
      offerId: contract.offerId,
      listingId: contract.listingId,
      buyerId: buyer.userId,
      sellerId: seller.userId,
      amountMinor: 450_000n,
      currency: 'USD',
      rail: 'STRIPE',
      sellerPayoutRef: payoutAccount,
    });
    const escrows = await platform.db.query('select 1 from escrow.escrows where contract_id = $1', [
      contract.contractId,
    ]);
    expect(escrows.rows).toHaveLength(1);
  });
});

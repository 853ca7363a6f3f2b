import type { DiscordDouble } from '@bloxtr8/sandbox/discord';
import { startDiscordDouble } from '@bloxtr8/sandbox/discord';
import type { ApiAnswer, TestPlatform, TestUser, Trade } from '@bloxtr8/test-support/platform';
import {
  ApiCaller,
  botHeaders,
  disputeEscrow,
  eventually,
  newTrade,
  openEscrow,
  signInWithDiscord,
  signUpUser,
  startTestPlatform,
  testIdentityGateway,
} from '@bloxtr8/test-support/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What the Discord bot's credential may do for staff (ADR 0016), over real HTTP. */
describe('the bot credential acting for staff', () => {
  let platform: TestPlatform;
  let discord: DiscordDouble;
  let buyer: TestUser;
  let seller: TestUser;
  let moderator: TestUser;
  let admin: TestUser;
  const viaBot = (user: TestUser) =>
    new ApiCaller(platform.baseUrl, botHeaders(user.discordUserId));
  const viaSession = async (user: TestUser) =>
    new ApiCaller(
      platform.baseUrl,
      (await signInWithDiscord(platform.baseUrl, discord, user)).headers,
    );

  beforeAll(async () => {
    discord = await startDiscordDouble();
    platform = await startTestPlatform({
      projections: true,
      api: (db) => testIdentityGateway(db, { discord }),
    });
    buyer = await signUpUser(platform.db, { tier: 'TIER_1' });
    seller = await signUpUser(platform.db, { tier: 'TIER_1' });
    moderator = await signUpUser(platform.db, { role: 'MODERATOR', tier: 'TIER_1' });
    admin = await signUpUser(platform.db, { role: 'ADMIN', tier: 'TIER_1' });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    await discord?.close();
  }, 60_000);

  const newDispute = async (): Promise<Trade> => {
    const trade = newTrade({ buyerId: buyer.userId, sellerId: seller.userId });
    await disputeEscrow(platform, trade);
    await eventually(
      () => viaBot(buyer).get(`/api/escrow/${trade.escrowId}`),
      (answer) => answer.body.state === 'DISPUTED',
      'the dispute in the read model',
    );
    return trade;
  };

  function expectRefusedAsBot(answer: ApiAnswer): void {
    expect([answer.status, answer.body.code]).toEqual([403, 'BOT_CREDENTIAL_NOT_ALLOWED']);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  }

  it('is refused on every admin-only route, also for an admin, who may there by session', async () => {
    const target = await signUpUser(platform.db, { tier: 'TIER_1' });
    const calls: [string, string, unknown][] = [
      ['PUT', `/api/admin/users/${target.userId}/role`, { role: 'MODERATOR' }],
      ['PUT', `/api/admin/users/${target.userId}/tier`, { tier: 'TIER_2' }],
      ['GET', '/api/admin/audit?limit=1', undefined],
    ];
    const session = await viaSession(admin);
    for (const [method, path, body] of calls) {
      expectRefusedAsBot(await viaBot(admin).request(method, path, body, {}));
      expect((await session.request(method, path, body, {})).status).toBe(200);
    }
    const audit = await platform.db.query(
      `select 1 from audit.audit_log where subject_id = $1 and action like 'identity.user.%'`,
      [target.userId],
    );
    expect(audit.rows).toHaveLength(2);
  });

  it('is refused on staff routes that are not about disputes', async () => {
    const trade = newTrade({ buyerId: buyer.userId, sellerId: seller.userId });
    await openEscrow(platform, trade);
    const target = await signUpUser(platform.db, { tier: 'TIER_1' });
    for (const staff of [moderator, admin]) {
      expectRefusedAsBot(await viaBot(staff).get('/api/admin/dlq'));
      expectRefusedAsBot(await viaBot(staff).get('/api/admin/projections/lag'));
      expectRefusedAsBot(
        await viaBot(staff).request(
          'PUT',
          `/api/admin/users/${target.userId}/tier`,
          {
            tier: 'TIER_2',
          },
          {},
        ),
      );
      expectRefusedAsBot(
        await viaBot(staff).post(`/api/escrow/${trade.escrowId}/refund`, {
          reason: 'CANCELLED_AFTER_FUNDING',
          note: 'both agreed',
        }),
      );
    }
    // Elsewhere staff act as the plain users they also are: this escrow is none of theirs.
    const cancel = await viaBot(moderator).post(`/api/escrow/${trade.escrowId}/cancel`);
    expect([cancel.status, cancel.body.code]).toEqual([404, 'ESCROW_NOT_FOUND']);
    const bySession = await (await viaSession(moderator)).post(
      `/api/escrow/${trade.escrowId}/cancel`,
    );
    expect(bySession.status).toBe(202);
  });

  it('lets staff handle a dispute, recorded in the audit log and the command as through the bot', async () => {
    const trade = await newDispute();
    const queue = await viaBot(moderator).get('/api/admin/disputes');
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((item: { escrowId: string }) => item.escrowId)).toContain(
      trade.escrowId,
    );
    const escrow = await viaBot(moderator).get(`/api/escrow/${trade.escrowId}`);
    expect(escrow.body).toMatchObject({ yourCapacity: 'STAFF', state: 'DISPUTED' });

    const resolved = await viaBot(moderator).post(
      `/api/escrow/${trade.escrowId}/resolve`,
      { outcome: 'REFUND', note: 'the seller never delivered' },
      { prefer: 'wait=10' },
    );
    expect(resolved.body).toMatchObject({ action: 'resolve', status: 'APPLIED' });
    const { rows } = await platform.db.query<{ via: string; audited_via: string }>(
      `select c.via, a.detail->>'via' as audited_via
       from gateway.commands c join audit.audit_log a on a.detail->>'commandId' = c.id::text
       where c.id = $1`,
      [resolved.body.commandId],
    );
    expect(rows).toEqual([{ via: 'bot', audited_via: 'bot' }]);
  });

  it('records a session as such', async () => {
    const trade = await newDispute();
    const resolved = await (await viaSession(admin)).post(`/api/escrow/${trade.escrowId}/resolve`, {
      outcome: 'RELEASE',
      note: 'delivered after all',
    });
    expect(resolved.status).toBe(202);
    const { rows } = await platform.db.query<{ via: string }>(
      'select via from gateway.commands where id = $1',
      [resolved.body.commandId],
    );
    expect(rows).toEqual([{ via: 'session' }]);
  });
});

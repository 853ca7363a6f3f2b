import { markListingSold } from '@bloxtr8/marketplace';
import { newRobloxId } from '@bloxtr8/sandbox/roblox';
import { signUpUser } from '@bloxtr8/test-support/platform';
import { describe, expect, it } from 'vitest';
import {
  addGame,
  auditActions,
  countRows,
  listingBody,
  newBuyer,
  sellerWithGame,
  traderOf,
  useListingTestServer,
} from './listing-test-server.ts';

const GUILD_A = '111111111111111111';
const GUILD_B = '222222222222222222';

describe('listings', () => {
  const use = useListingTestServer();

  it('lists a game its owner controls, with the game snapshot, and audits it', async () => {
    const server = use();
    const seller = await sellerWithGame(server);
    const created = await seller.api.post('/api/listings', listingBody(seller.universeId));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      sellerId: seller.user.userId,
      universeId: seller.universeId,
      priceMinor: '250000',
      currency: 'USD',
      status: 'ACTIVE',
      visibility: 'PUBLIC',
      guildId: null,
      snapshot: { universeId: seller.universeId, name: `Game ${seller.universeId}` },
    });
    expect(created.body.snapshotId).toBe(created.body.snapshot.id);
    const read = await (await newBuyer(server)).api.get(`/api/listings/${created.body.id}`);
    expect([read.status, read.body]).toEqual([200, created.body]);
    expect(await auditActions(server.db, created.body.id)).toEqual(['marketplace.listing.create']);
    const { rows: audit } = await server.db.query(
      `select actor_id, host(ip) as ip, user_agent, detail->>'snapshotId' as snapshot_id
       from audit.audit_log where subject_id = $1`,
      [created.body.id],
    );
    expect(audit).toEqual([
      {
        actor_id: seller.user.userId,
        ip: '127.0.0.1',
        user_agent: expect.any(String),
        snapshot_id: created.body.snapshotId,
      },
    ]);
    const openApi = await seller.api.get('/openapi.json');
    expect(Object.keys(openApi.body.paths)).toEqual(
      expect.arrayContaining(['/api/listings', '/api/listings/{id}', '/api/offers/{id}/accept']),
    );
  });

  it('gives a group game to one of two managers listing it at the same instant', async () => {
    const server = use();
    const groupId = newRobloxId();
    const universeId = newRobloxId();
    await server.roblox.control.addUniverse({
      id: universeId,
      creator: { id: groupId, type: 'Group' },
    });
    const managers = await Promise.all([sellerWithGame(server), sellerWithGame(server)]);
    for (const manager of managers) {
      await server.roblox.control.addGroupRole({
        userId: manager.robloxUserId,
        groupId,
        groupName: 'Studio',
        roleName: 'Builders',
        rank: 20,
        permissions: { manageGroupUniverses: true },
      });
    }
    const answers = await Promise.all(
      managers.map((manager) => manager.api.post('/api/listings', listingBody(universeId))),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const { rows } = await server.db.query(
      'select 1 from marketplace.listings where universe_id = $1',
      [universeId],
    );
    expect(rows).toHaveLength(1);
  });

  it('refuses with problem+json and writes no listing: TIER_0, a game not owned, a second listing, PRIVATE without a server', async () => {
    const server = use();
    const seller = await sellerWithGame(server);
    const browser = traderOf(server, await signUpUser(server.db));
    const strangersGame = newRobloxId();
    await server.roblox.control.addUniverse({
      id: strangersGame,
      creator: { id: newRobloxId(), type: 'User' },
    });
    expect((await seller.api.post('/api/listings', listingBody(seller.universeId))).status).toBe(
      201,
    );
    const before = await countRows(server.db, 'marketplace.listings');
    const refusals = [
      [browser, listingBody(seller.universeId), 403, 'TIER_TOO_LOW'],
      [seller, listingBody(strangersGame), 403, 'GAME_NOT_OWNED'],
      [seller, listingBody(seller.universeId), 409, 'LISTING_EXISTS'],
      [seller, listingBody(strangersGame, { visibility: 'PRIVATE' }), 422, 'GUILD_REQUIRED'],
      [seller, listingBody(seller.universeId, { priceMinor: 0 }), 400, 'VALIDATION_FAILED'],
    ] as const;
    for (const [trader, body, status, code] of refusals) {
      const answer = await trader.api.post('/api/listings', body);
      expect([
        answer.status,
        answer.headers.get('content-type')?.split(';')[0],
        answer.body.code,
      ]).toEqual([status, 'application/problem+json', code]);
    }
    expect(await countRows(server.db, 'marketplace.listings')).toBe(before);
  });

  it('searches by status, category, price, seller and visibility, newest first, page by page', async () => {
    const server = use();
    const seller = await sellerWithGame(server);
    const category = `cat-${newRobloxId()}`;
    const ids: string[] = [];
    for (const priceMinor of [100_000, 200_000, 300_000, 400_000, 500_000]) {
      const game = await addGame(server, seller.robloxUserId);
      server.clock.advanceBy(1_000);
      const created = await seller.api.post(
        '/api/listings',
        listingBody(game, { priceMinor, category }),
      );
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    const browse = (query: string) => seller.api.get(`/api/listings?category=${category}&${query}`);
    const all = await browse('');
    expect(all.body.items.map((item: { id: string }) => item.id)).toEqual([...ids].reverse());
    const band = await browse('minPriceMinor=200000&maxPriceMinor=400000');
    expect(band.body.items.map((item: { priceMinor: string }) => item.priceMinor)).toEqual([
      '400000',
      '300000',
      '200000',
    ]);
    const first = await browse('limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await browse(`limit=2&cursor=${first.body.nextCursor}`);
    const third = await browse(`limit=2&cursor=${second.body.nextCursor}`);
    expect(
      [...first.body.items, ...second.body.items, ...third.body.items].map((item) => item.id),
    ).toEqual([...ids].reverse());
    expect(third.body.nextCursor).toBeNull();
    const other = await browse(`sellerId=${(await newBuyer(server)).user.userId}`);
    expect(other.body.items).toEqual([]);
    await seller.api.post(`/api/listings/${ids[0]}/deactivate`);
    expect(
      (await browse('status=INACTIVE')).body.items.map((item: { id: string }) => item.id),
    ).toEqual([ids[0]]);
    expect((await browse('cursor=bm9wZQ')).body.code).toBe('INVALID_CURSOR');
  });

  it('shows a PRIVATE listing only in its own server, and to its seller', async () => {
    const server = use();
    const seller = await sellerWithGame(server);
    const buyer = await newBuyer(server);
    const category = `private-${newRobloxId()}`;
    const created = await seller.api.post(
      '/api/listings',
      listingBody(seller.universeId, { visibility: 'PRIVATE', guildId: GUILD_A, category }),
    );
    expect([created.status, created.body.guildId]).toEqual([201, GUILD_A]);
    const id = created.body.id;
    const search = (guild: string) => buyer.api.get(`/api/listings?category=${category}${guild}`);
    expect((await search('')).body.items).toEqual([]);
    expect((await search(`&guildId=${GUILD_B}`)).body.items).toEqual([]);
    expect(
      (await search(`&guildId=${GUILD_A}`)).body.items.map((item: { id: string }) => item.id),
    ).toEqual([id]);
    expect((await buyer.api.get(`/api/listings/${id}`)).status).toBe(404);
    expect((await buyer.api.get(`/api/listings/${id}?guildId=${GUILD_B}`)).status).toBe(404);
    expect((await buyer.api.get(`/api/listings/${id}?guildId=${GUILD_A}`)).status).toBe(200);
    expect((await seller.api.get(`/api/listings/${id}`)).status).toBe(200);
  });

  it('lets the seller set the thread, and the seller or staff deactivate, idempotently', async () => {
    const server = use();
    const seller = await sellerWithGame(server);
    const stranger = await newBuyer(server);
    const moderator = await newBuyer(server, { role: 'MODERATOR' });
    const { body: listing } = await seller.api.post(
      '/api/listings',
      listingBody(seller.universeId),
    );
    const thread = { channelId: '333333333333333333', threadId: '444444444444444444' };
    const refused = await stranger.api.request(
      'PATCH',
      `/api/listings/${listing.id}/thread`,
      thread,
      {},
    );
    expect([refused.status, refused.body.code]).toEqual([403, 'NOT_SELLER']);
    const patched = await seller.api.request(
      'PATCH',
      `/api/listings/${listing.id}/thread`,
      thread,
      {},
    );
    expect([patched.status, patched.body.channelId, patched.body.threadId]).toEqual([
      200,
      thread.channelId,
      thread.threadId,
    ]);
    const notYours = await stranger.api.post(`/api/listings/${listing.id}/deactivate`);
    expect([notYours.status, notYours.body.code]).toEqual([403, 'NOT_SELLER']);
    const byStaff = await moderator.api.post(`/api/listings/${listing.id}/deactivate`);
    const again = await seller.api.post(`/api/listings/${listing.id}/deactivate`);
    expect([byStaff.status, byStaff.body.status, again.status, again.body.status]).toEqual([
      200,
      'INACTIVE',
      200,
      'INACTIVE',
    ]);
    expect(await auditActions(server.db, listing.id)).toEqual([
      'marketplace.listing.create',
      'marketplace.listing.thread',
      'marketplace.listing.deactivate',
    ]);
    const relisted = await seller.api.post('/api/listings', listingBody(seller.universeId));
    expect(relisted.status).toBe(201);
  });

  it('marks a listing SOLD once, from ACTIVE or INACTIVE, and a sold listing stays sold', async () => {
    const server = use();
    const seller = await sellerWithGame(server);
    const { body: listing } = await seller.api.post(
      '/api/listings',
      listingBody(seller.universeId),
    );
    const sold = await server.db.transaction((tx) => markListingSold(tx, listing.id));
    const again = await server.db.transaction((tx) => markListingSold(tx, listing.id));
    expect([sold, again]).toEqual([
      { ok: true, value: { changed: true } },
      { ok: true, value: { changed: false } },
    ]);
    const deactivate = await seller.api.post(`/api/listings/${listing.id}/deactivate`);
    expect([deactivate.status, deactivate.body.code]).toEqual([409, 'LISTING_SOLD']);
    expect((await seller.api.get(`/api/listings/${listing.id}`)).body.status).toBe('SOLD');
    expect(await auditActions(server.db, listing.id)).toEqual([
      'marketplace.listing.create',
      'marketplace.listing.sold',
    ]);
    const unknown = await server.db.transaction((tx) =>
      markListingSold(tx, '01890000-0000-7000-8000-000000000000'),
    );
    expect(unknown).toEqual({ ok: false, error: 'LISTING_NOT_FOUND' });
  });

  it('ends every cached verification of a game when its listing is sold: the next check asks Roblox', async () => {
    const server = use();
    const seller = await sellerWithGame(server);
    const verify = () => seller.api.post(`/api/games/${seller.universeId}/verify`);
    expect((await verify()).body.fromCache).toBe(false);
    expect((await verify()).body.fromCache).toBe(true);
    const { body: listing } = await seller.api.post(
      '/api/listings',
      listingBody(seller.universeId),
    );
    await server.db.transaction((tx) =>
      markListingSold(tx, listing.id, { at: server.clock.now() }),
    );
    const afterSale = await verify();
    expect([afterSale.status, afterSale.body.fromCache]).toEqual([200, false]);
  });
});

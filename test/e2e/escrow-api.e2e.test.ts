import { newId } from '@bloxtr8/platform';
import type { DiscordDouble } from '@bloxtr8/sandbox/discord';
import { startDiscordDouble } from '@bloxtr8/sandbox/discord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiAnswer,
  OpenEscrowOptions,
  TestPlatform,
  TestUser,
  Trade,
} from '../platform/index.ts';
import {
  ApiCaller,
  botHeaders,
  eventually,
  newTrade,
  openEscrow,
  signInWithDiscord,
  signUpUser,
  startTestPlatform,
  testIdentityGateway,
} from '../platform/index.ts';

/** The escrow API through real HTTP requests, on the whole platform (embedded bus). */
describe('escrow API', () => {
  let platform: TestPlatform;
  let discord: DiscordDouble;
  let buyer: TestUser;
  let seller: TestUser;
  let outsider: TestUser;
  let moderator: TestUser;
  let admin: TestUser;
  /** Staff call from a signed-in browser (through the bot they only handle disputes). */
  const staffSessions = new Map<string, Record<string, string>>();
  const as = (user: TestUser) =>
    new ApiCaller(
      platform.baseUrl,
      staffSessions.get(user.userId) ?? botHeaders(user.discordUserId),
    );
  const signInStaff = async (user: TestUser) => {
    const session = await signInWithDiscord(platform.baseUrl, discord, user);
    staffSessions.set(user.userId, session.headers);
    return user;
  };

  beforeAll(async () => {
    discord = await startDiscordDouble();
    platform = await startTestPlatform({
      projections: true,
      api: (db) => testIdentityGateway(db, { discord }),
    });
    buyer = await signUpUser(platform.db, { tier: 'TIER_1' });
    seller = await signUpUser(platform.db, { tier: 'TIER_2' });
    outsider = await signUpUser(platform.db, { tier: 'TIER_1' });
    moderator = await signInStaff(await signUpUser(platform.db, { role: 'MODERATOR' }));
    admin = await signInStaff(await signUpUser(platform.db, { role: 'ADMIN' }));
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    await discord?.close();
  }, 60_000);

  function tradeBetween(buyerUser: TestUser, sellerUser: TestUser): Trade {
    return newTrade({ buyerId: buyerUser.userId, sellerId: sellerUser.userId });
  }

  /** Opens the escrow and waits until the gateway shows it to its buyer. */
  async function openVisibleEscrow(
    trade: Trade,
    buyerUser: TestUser = buyer,
    options: OpenEscrowOptions = {},
  ): Promise<string> {
    const paymentIntentId = await openEscrow(platform, trade, options);
    await eventually(
      () => as(buyerUser).get(`/api/escrow/${trade.escrowId}`),
      (answer) => answer.status === 200 && answer.body.payment.clientSecret !== null,
      'the escrow with its client secret',
    );
    return paymentIntentId;
  }

  const escrowState = (trade: Trade, state: string) =>
    eventually(
      () => as(buyer).get(`/api/escrow/${trade.escrowId}`),
      (answer) => answer.body.state === state,
      `escrow ${trade.escrowId} in ${state}`,
    );

  function expectProblem(answer: ApiAnswer, status: number, code: string): void {
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  }

  it('runs a whole trade: 202 with a Location, the command status, the final state and the timeline', async () => {
    const trade = tradeBetween(buyer, seller);
    const paymentIntentId = await openVisibleEscrow(trade);

    const forBuyer = await as(buyer).get(`/api/escrow/${trade.escrowId}`);
    expect(forBuyer.body).toMatchObject({
      state: 'AWAIT_FUNDS',
      yourCapacity: 'BUYER',
      amountMinor: trade.amountMinor.toString(),
      currency: 'USD',
      rail: 'STRIPE',
      payment: { providerPaymentId: paymentIntentId },
    });
    expect(forBuyer.body.payment.clientSecret).toMatch(/^pi_.+_secret_/);
    const forSeller = await as(seller).get(`/api/escrow/${trade.escrowId}`);
    expect(forSeller.body.payment.clientSecret).toBeNull();
    expect((await as(moderator).get(`/api/escrow/${trade.escrowId}`)).body.yourCapacity).toBe(
      'STAFF',
    );

    await platform.stripe.control.succeedPaymentIntent(paymentIntentId);
    await escrowState(trade, 'FUNDS_HELD');

    const delivered = await as(seller).post(
      `/api/escrow/${trade.escrowId}/deliver`,
      { note: 'owner transferred in Roblox' },
      { prefer: 'wait=10' },
    );
    expect(delivered.status).toBe(200);
    expect(delivered.headers.get('preference-applied')).toBe('wait=10');
    expect(delivered.body).toMatchObject({
      action: 'deliver',
      status: 'APPLIED',
      reasonCode: null,
    });

    const release = await as(buyer).post(`/api/escrow/${trade.escrowId}/release`);
    expect(release.status).toBe(202);
    expect(release.body.status).toBe('ACCEPTED');
    const location = release.headers.get('location');
    expect(location).toBe(`/api/commands/${release.body.commandId}`);
    const applied = await eventually(
      () => as(buyer).get(location ?? ''),
      (answer) => answer.body.status !== 'ACCEPTED',
      'the release to be decided',
    );
    expect(applied.body).toMatchObject({ status: 'APPLIED', escrowId: trade.escrowId });

    const released = await escrowState(trade, 'RELEASED');
    expect(released.body.payoutMinor).not.toBeNull();
    const events = released.body.timeline.map((entry: { eventType: string }) => entry.eventType);
    expect(events).toEqual(
      expect.arrayContaining([
        'EscrowCreated',
        'EscrowFundsHeld',
        'EscrowDelivered',
        'EscrowReleased',
      ]),
    );

    const mine = await as(buyer).get('/api/escrows?limit=100');
    expect(mine.body.items).toContainEqual(
      expect.objectContaining({ escrowId: trade.escrowId, role: 'BUYER', state: 'RELEASED' }),
    );
  });

  it('lets a moderator settle a dispute from the queue, and an admin refund a funded trade', async () => {
    const disputed = tradeBetween(buyer, seller);
    await platform.stripe.control.succeedPaymentIntent(await openVisibleEscrow(disputed));
    await escrowState(disputed, 'FUNDS_HELD');
    const raised = await as(buyer).post(
      `/api/escrow/${disputed.escrowId}/dispute`,
      { reason: 'NOT_DELIVERED', detail: 'the seller went quiet' },
      { prefer: 'wait=10' },
    );
    expect(raised.body.status).toBe('APPLIED');
    const queue = await eventually(
      () => as(moderator).get('/api/admin/disputes?limit=100'),
      (answer) =>
        answer.body.items.some((item: { escrowId: string }) => item.escrowId === disputed.escrowId),
      'the dispute in the queue',
    );
    expect(queue.body.items).toContainEqual(
      expect.objectContaining({ escrowId: disputed.escrowId, reason: 'NOT_DELIVERED' }),
    );
    const resolved = await as(moderator).post(
      `/api/escrow/${disputed.escrowId}/resolve`,
      { outcome: 'REFUND', note: 'no delivery was ever shown' },
      { prefer: 'wait=10' },
    );
    expect(resolved.body.status).toBe('APPLIED');
    await escrowState(disputed, 'REFUNDED');

    const unwound = tradeBetween(buyer, seller);
    await platform.stripe.control.succeedPaymentIntent(await openVisibleEscrow(unwound));
    await escrowState(unwound, 'FUNDS_HELD');
    const refunded = await as(admin).post(
      `/api/escrow/${unwound.escrowId}/refund`,
      { reason: 'CANCELLED_AFTER_FUNDING', note: 'both parties asked to unwind' },
      { prefer: 'wait=10' },
    );
    expect(refunded.body.status).toBe('APPLIED');
    const closed = await escrowState(unwound, 'REFUNDED');
    expect(closed.body.refundedMinor).toBe(unwound.amountMinor.toString());
  });

  it('refuses a command the escrow cannot take with the escrow’s reason code', async () => {
    const trade = tradeBetween(buyer, seller);
    await openVisibleEscrow(trade);
    const early = await as(buyer).post(`/api/escrow/${trade.escrowId}/release`, undefined, {
      prefer: 'wait=10',
    });
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ status: 'REJECTED', reasonCode: 'INVALID_TRANSITION' });
    expect((await as(buyer).get(`/api/escrow/${trade.escrowId}`)).body.state).toBe('AWAIT_FUNDS');
  });

  it('takes a mutation from a signed-in browser only with its CSRF token', async () => {
    const trade = tradeBetween(buyer, seller);
    await openVisibleEscrow(trade);
    const session = await signInWithDiscord(platform.baseUrl, discord, buyer);
    const browser = new ApiCaller(platform.baseUrl, { cookie: session.cookie });
    expect((await browser.get(`/api/escrow/${trade.escrowId}`)).body.yourCapacity).toBe('BUYER');
    expectProblem(
      await browser.post(`/api/escrow/${trade.escrowId}/cancel`),
      403,
      'CSRF_TOKEN_INVALID',
    );
    const cancelled = await browser.post(`/api/escrow/${trade.escrowId}/cancel`, undefined, {
      'x-csrf-token': session.csrfToken,
      prefer: 'wait=10',
    });
    expect(cancelled.body).toMatchObject({ status: 'APPLIED', action: 'cancel' });
  });

  describe('access matrix', () => {
    type Caller = 'buyer' | 'seller' | 'outsider' | 'moderator' | 'admin';
    const ACTION_BODIES: Record<string, unknown> = {
      deliver: { note: 'sent' },
      release: undefined,
      dispute: { reason: 'NOT_DELIVERED', detail: 'nothing arrived' },
      cancel: undefined,
      resolve: { outcome: 'REFUND', note: 'seller never delivered' },
      refund: { reason: 'CANCELLED_AFTER_FUNDING', note: 'both agreed' },
    };
    /** Who may ask for what (SPEC §4); everyone else is refused before anything is sent. */
    const ALLOWED: Record<string, readonly Caller[]> = {
      deliver: ['seller'],
      release: ['buyer'],
      dispute: ['buyer', 'seller'],
      cancel: ['buyer', 'seller', 'moderator', 'admin'],
      resolve: ['moderator', 'admin'],
      refund: ['moderator', 'admin'],
    };
    /** The refusal each caller gets where they are not allowed. */
    const REFUSAL: Record<string, Record<Caller, [number, string]>> = Object.fromEntries(
      Object.keys(ALLOWED).map((action) => {
        const staffOnly = action === 'resolve' || action === 'refund';
        return [
          action,
          {
            buyer: staffOnly ? [403, 'FORBIDDEN'] : [403, 'NOT_YOUR_ACTION'],
            seller: staffOnly ? [403, 'FORBIDDEN'] : [403, 'NOT_YOUR_ACTION'],
            outsider: staffOnly ? [403, 'FORBIDDEN'] : [404, 'ESCROW_NOT_FOUND'],
            moderator: [403, 'NOT_YOUR_ACTION'],
            admin: [403, 'NOT_YOUR_ACTION'],
          },
        ];
      }),
    );
    let closed: Trade;
    const callers = (): Record<Caller, TestUser> => ({ buyer, seller, outsider, moderator, admin });

    beforeAll(async () => {
      // A cancelled escrow: every allowed command is sent (202) and then refused by the escrow,
      // so the whole matrix runs on one escrow without changing it.
      closed = tradeBetween(buyer, seller);
      await openVisibleEscrow(closed);
      const cancelled = await as(buyer).post(`/api/escrow/${closed.escrowId}/cancel`, undefined, {
        prefer: 'wait=10',
      });
      expect(cancelled.body.status).toBe('APPLIED');
      await escrowState(closed, 'CANCELLED');
    }, 60_000);

    for (const action of Object.keys(ALLOWED)) {
      for (const caller of ['buyer', 'seller', 'outsider', 'moderator', 'admin'] as const) {
        const allowed = ALLOWED[action]?.includes(caller) === true;
        it(`${action} by the ${caller} is ${allowed ? 'sent' : 'refused'}`, async () => {
          const answer = await as(callers()[caller]).post(
            `/api/escrow/${closed.escrowId}/${action}`,
            ACTION_BODIES[action],
            { prefer: 'wait=10' },
          );
          if (allowed) {
            expect(answer.status).toBe(200);
            expect(answer.body).toMatchObject({ status: 'REJECTED', reasonCode: 'ESCROW_CLOSED' });
          } else {
            const [status, code] = REFUSAL[action]?.[caller] ?? [0, ''];
            expectProblem(answer, status, code);
          }
        });
      }
    }

    it('reads an escrow: its parties and staff may, nobody else', async () => {
      const path = `/api/escrow/${closed.escrowId}`;
      for (const user of [buyer, seller, moderator, admin]) {
        expect((await as(user).get(path)).status).toBe(200);
      }
      expectProblem(await as(outsider).get(path), 404, 'ESCROW_NOT_FOUND');
      expectProblem(await new ApiCaller(platform.baseUrl, {}).get(path), 401, 'UNAUTHENTICATED');
    });

    it('a party whose tier fell below TIER_1 may read but not act', async () => {
      const lapsed = await signUpUser(platform.db, { tier: 'TIER_0' });
      const trade = tradeBetween(buyer, lapsed);
      // Below TIER_1 nobody may set up payouts; this trade never gets that far.
      await openVisibleEscrow(trade, buyer, { sellerPayouts: false });
      expect((await as(lapsed).get(`/api/escrow/${trade.escrowId}`)).status).toBe(200);
      expectProblem(
        await as(lapsed).post(`/api/escrow/${trade.escrowId}/cancel`),
        403,
        'TIER_TOO_LOW',
      );
    });

    it('staff never settle their own trade', async () => {
      const tradingModerator = await signInStaff(
        await signUpUser(platform.db, { role: 'MODERATOR', tier: 'TIER_1' }),
      );
      const trade = tradeBetween(buyer, tradingModerator);
      await openVisibleEscrow(trade);
      expectProblem(
        await as(tradingModerator).post(`/api/escrow/${trade.escrowId}/refund`, {
          reason: 'CANCELLED_AFTER_FUNDING',
          note: 'mine',
        }),
        403,
        'OWN_TRADE',
      );
    });

    it('moderation endpoints are for staff, the audit export for admins', async () => {
      for (const path of ['/api/admin/disputes', '/api/admin/dlq', '/api/admin/projections/lag']) {
        expect((await as(moderator).get(path)).status).toBe(200);
        expect((await as(admin).get(path)).status).toBe(200);
        expectProblem(await as(buyer).get(path), 403, 'FORBIDDEN');
      }
      const audit = await as(admin).get(`/api/admin/audit?subjectId=${closed.escrowId}`);
      expect(audit.status).toBe(200);
      expect(audit.body.items).toContainEqual(
        expect.objectContaining({ action: 'escrow.cancel', actorId: buyer.userId }),
      );
      expectProblem(await as(moderator).get('/api/admin/audit'), 403, 'FORBIDDEN');
    });
  });

  describe('idempotency', () => {
    it('the same key and body give the same command, sent once; another body is refused', async () => {
      const trade = tradeBetween(buyer, seller);
      await openVisibleEscrow(trade);
      const key = newId();
      const body = { reason: 'OTHER', detail: 'changed my mind' };
      const first = await as(buyer).post(`/api/escrow/${trade.escrowId}/dispute`, body, {
        'idempotency-key': key,
      });
      const again = await as(buyer).post(`/api/escrow/${trade.escrowId}/dispute`, body, {
        'idempotency-key': key,
      });
      expect([first.status, again.status]).toContain(202);
      expect(again.body.commandId).toBe(first.body.commandId);
      expectProblem(
        await as(buyer).post(
          `/api/escrow/${trade.escrowId}/dispute`,
          { ...body, detail: 'something else' },
          { 'idempotency-key': key },
        ),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      const { rows } = await platform.db.query<{ sent: number; audited: number }>(
        `select (select count(*)::int from gateway.outbox where event_id = $1) as sent,
                (select count(*)::int from audit.audit_log where detail->>'commandId' = $2) as audited`,
        [first.body.commandId, first.body.commandId],
      );
      expect(rows[0]).toEqual({ sent: 1, audited: 1 });
    });

    it('concurrent retries with one key make one command', async () => {
      const trade = tradeBetween(buyer, seller);
      await openVisibleEscrow(trade);
      const key = newId();
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          as(buyer).post(`/api/escrow/${trade.escrowId}/cancel`, undefined, {
            'idempotency-key': key,
          }),
        ),
      );
      expect(new Set(answers.map((answer) => answer.body.commandId)).size).toBe(1);
    });

    it('keys belong to their caller: the same key from two callers is two commands', async () => {
      const trade = tradeBetween(buyer, seller);
      await openVisibleEscrow(trade);
      const key = newId();
      const fromBuyer = await as(buyer).post(`/api/escrow/${trade.escrowId}/cancel`, undefined, {
        'idempotency-key': key,
      });
      const fromSeller = await as(seller).post(`/api/escrow/${trade.escrowId}/cancel`, undefined, {
        'idempotency-key': key,
      });
      expect(fromSeller.body.commandId).not.toBe(fromBuyer.body.commandId);
    });
  });

  describe('validation', () => {
    let trade: Trade;
    beforeAll(async () => {
      trade = tradeBetween(buyer, seller);
      await openVisibleEscrow(trade);
    }, 60_000);

    it('answers bad input with problem+json and sends nothing', async () => {
      const before = await platform.db.query<{ n: number }>(
        'select count(*)::int as n from gateway.commands',
      );
      const path = `/api/escrow/${trade.escrowId}`;
      expectProblem(
        await as(buyer).post(`${path}/dispute`, { detail: 'no reason' }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await as(buyer).post(`${path}/dispute`, { reason: 'BORED', detail: 'x' }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await as(buyer).post(`${path}/release`, { amountMinor: 1 }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await as(buyer).get('/api/escrow/not-a-uuid'), 400, 'VALIDATION_FAILED');
      expectProblem(
        await as(buyer).post(`${path}/cancel`, undefined, { 'idempotency-key': 'spaces are bad' }),
        400,
        'INVALID_IDEMPOTENCY_KEY',
      );
      expectProblem(
        await as(buyer).postRaw(`${path}/cancel`, '{"a":', 'application/json'),
        400,
        'MALFORMED_BODY',
      );
      expectProblem(await as(buyer).get('/api/escrows?cursor=bm9wZQ'), 400, 'INVALID_CURSOR');
      expectProblem(await as(buyer).get(`/api/escrow/${newId()}`), 404, 'ESCROW_NOT_FOUND');
      expectProblem(await as(buyer).get(`/api/commands/${newId()}`), 404, 'COMMAND_NOT_FOUND');
      const after = await platform.db.query<{ n: number }>(
        'select count(*)::int as n from gateway.commands',
      );
      expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    });

    it('shows a command to its sender and staff only', async () => {
      const sent = await as(buyer).post(`/api/escrow/${trade.escrowId}/release`);
      const path = `/api/commands/${sent.body.commandId}`;
      expect((await as(buyer).get(path)).status).toBe(200);
      expect((await as(moderator).get(path)).status).toBe(200);
      expectProblem(await as(seller).get(path), 404, 'COMMAND_NOT_FOUND');
    });

    it('pages through my trades with a cursor', async () => {
      const first = await as(buyer).get('/api/escrows?limit=1');
      expect(first.body.items).toHaveLength(1);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await as(buyer).get(`/api/escrows?limit=1&cursor=${first.body.nextCursor}`);
      expect(second.body.items[0].escrowId).not.toBe(first.body.items[0].escrowId);
    });

    it('describes every escrow endpoint in the OpenAPI document', async () => {
      const document = await new ApiCaller(platform.baseUrl, {}).get('/openapi.json');
      const paths = Object.keys(document.body.paths);
      for (const action of ['deliver', 'release', 'dispute', 'cancel', 'resolve', 'refund']) {
        expect(paths).toContain(`/api/escrow/{id}/${action}`);
      }
      expect(paths).toEqual(
        expect.arrayContaining(['/api/escrow/{id}', '/api/escrows', '/api/commands/{id}']),
      );
    });
  });
});

import { readAuditLog } from '@bloxtr8/audit';
import type { StripeDouble } from '@bloxtr8/sandbox/stripe';
import { startStripeDouble, stripeClientFor } from '@bloxtr8/sandbox/stripe';
import type { TestUser } from '@bloxtr8/test-support/platform';
import { botHeaders, signUpUser } from '@bloxtr8/test-support/platform';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IdentityTestServer } from '../identity/identity-test-server.ts';
import { startIdentityTestServer } from '../identity/identity-test-server.ts';
import { payoutRoutes } from './payout-routes.ts';

const PUBLIC_URL = new URL('http://127.0.0.1:9');

let double: StripeDouble;
let server: IdentityTestServer;

beforeAll(async () => {
  double = await startStripeDouble();
  const stripe = stripeClientFor(double);
  server = await startIdentityTestServer({
    routes: (db) => [payoutRoutes({ db, stripe, publicUrl: PUBLIC_URL })],
  });
});
afterAll(async () => {
  await server?.close();
  await double?.close();
});
beforeEach(() => double.control.reset());

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function call(user: TestUser, method: 'GET' | 'POST', body?: object): Promise<Answer> {
  const response = await fetch(`${server.baseUrl}/api/me/payout-account`, {
    method,
    headers: {
      ...botHeaders(user.discordUserId),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** What a seller has, in our tables and at Stripe. */
async function payoutRecords(user: TestUser) {
  const links = await server.db.query<{ provider_account_id: string }>(
    `select provider_account_id from identity.linked_accounts
     where user_id = $1 and provider = 'STRIPE_CONNECT'`,
    [user.userId],
  );
  const audit = await readAuditLog(server.db, { subjectId: user.userId, limit: 20 });
  return {
    links: links.rows.map((row) => row.provider_account_id),
    audits: audit.filter((entry) => entry.action === 'identity.payout_account.link'),
    stripeAccounts: (await double.control.objects()).accounts.map((account) => account.id),
  };
}

describe('getting paid: Stripe Connect onboarding', () => {
  it('creates one account and one link, audited, for a seller who starts onboarding', async () => {
    const seller = await signUpUser(server.db, { tier: 'TIER_1' });

    const started = await call(seller, 'POST', { returnPath: '/payouts/done' });

    expect(started.status).toBe(200);
    expect(started.body.payoutsEnabled).toBe(false);
    const accountId = started.body.accountId as string;
    const records = await payoutRecords(seller);
    expect({ links: records.links, stripeAccounts: records.stripeAccounts }).toEqual({
      links: [accountId],
      stripeAccounts: [accountId],
    });
    expect(records.audits.map((entry) => [entry.actorId, entry.detail])).toEqual([
      [seller.userId, { provider: 'STRIPE_CONNECT', accountId }],
    ]);
  });

  it('makes one account when onboarding is started twice, or twice at once', async () => {
    const seller = await signUpUser(server.db, { tier: 'TIER_1' });

    const [first, second] = await Promise.all([call(seller, 'POST'), call(seller, 'POST')]);
    const again = await call(seller, 'POST');

    expect([first.status, second.status, again.status]).toEqual([200, 200, 200]);
    const accountId = first.body.accountId;
    expect([second.body.accountId, again.body.accountId]).toEqual([accountId, accountId]);
    // Every call hands out its own link: links are single use.
    expect(new Set([first, second, again].map((answer) => answer.body.onboardingUrl)).size).toBe(3);
    const records = await payoutRecords(seller);
    expect([records.links, records.stripeAccounts]).toEqual([[accountId], [accountId]]);
    expect(records.audits).toHaveLength(1);
  });

  it('shows payouts enabled once the seller completed onboarding through the link', async () => {
    const seller = await signUpUser(server.db, { tier: 'TIER_2' });
    const started = await call(seller, 'POST', { returnPath: '/payouts/done?from=stripe' });
    expect((await call(seller, 'GET')).body).toMatchObject({ payoutsEnabled: false });

    const onboarding = await fetch(started.body.onboardingUrl as string, { redirect: 'manual' });

    expect(onboarding.status).toBe(303);
    expect(onboarding.headers.get('location')).toBe(
      new URL('/payouts/done?from=stripe', PUBLIC_URL).toString(),
    );
    const status = await call(seller, 'GET');
    expect([status.status, status.body]).toEqual([
      200,
      { accountId: started.body.accountId, detailsSubmitted: true, payoutsEnabled: true },
    ]);
    expect((await call(seller, 'POST')).body.payoutsEnabled).toBe(true);
  });

  it('sends an expired link’s browser to a fresh onboarding link', async () => {
    const seller = await signUpUser(server.db, { tier: 'TIER_1' });
    const started = await call(seller, 'POST');

    const refreshed = await fetch(
      `${server.baseUrl}/api/me/payout-account/refresh?returnPath=%2Fsell`,
      { headers: botHeaders(seller.discordUserId), redirect: 'manual' },
    );

    expect(refreshed.status).toBe(302);
    const location = refreshed.headers.get('location') ?? '';
    expect(location).toContain(`/__sandbox/onboarding/${started.body.accountId as string}?`);
    expect(location).not.toBe(started.body.onboardingUrl);
  });

  it('answers PAYOUT_ACCOUNT_MISSING to a user without a payout account', async () => {
    const user = await signUpUser(server.db, { tier: 'TIER_1' });

    const answer = await call(user, 'GET');

    expect([answer.status, answer.body.code, answer.body.type]).toEqual([
      404,
      'PAYOUT_ACCOUNT_MISSING',
      '/problems/payout-account-missing',
    ]);
  });

  it('refuses a TIER_0 user, and creates nothing', async () => {
    const user = await signUpUser(server.db);

    const answer = await call(user, 'POST');

    expect([answer.status, answer.body.code]).toEqual([403, 'TIER_TOO_LOW']);
    expect(await payoutRecords(user)).toEqual({ links: [], audits: [], stripeAccounts: [] });
  });

  it('refuses a return path off this site', async () => {
    const seller = await signUpUser(server.db, { tier: 'TIER_1' });

    const answer = await call(seller, 'POST', { returnPath: '//evil.example/x' });

    expect(answer.status).toBe(400);
    expect((await payoutRecords(seller)).stripeAccounts).toEqual([]);
  });

  it('answers 502 STRIPE_UNAVAILABLE when Stripe fails, and a retry makes one account', async () => {
    const seller = await signUpUser(server.db, { tier: 'TIER_1' });
    await double.control.injectFault({
      method: 'POST',
      path: '/v1/accounts',
      failure: { status: 500, error: { type: 'api_error', message: 'down' } },
    });
    // The account is made, but its response is lost: the retry must get the same one back.
    await double.control.injectFault({
      method: 'POST',
      path: '/v1/accounts',
      takesEffect: true,
      failure: { status: 500, error: { type: 'api_error', message: 'lost' } },
    });

    const down = await call(seller, 'POST');
    const lost = await call(seller, 'POST');
    const retried = await call(seller, 'POST');

    expect([down.status, down.body.code, lost.status]).toEqual([502, 'STRIPE_UNAVAILABLE', 502]);
    expect(retried.status).toBe(200);
    const records = await payoutRecords(seller);
    expect([records.links, records.stripeAccounts]).toEqual([
      [retried.body.accountId],
      [retried.body.accountId],
    ]);
    expect(records.audits).toHaveLength(1);
  });

  it('answers 502 STRIPE_UNAVAILABLE when Stripe is unreachable', async () => {
    const user = await signUpUser(server.db, { tier: 'TIER_1' });
    const closed = await startIdentityTestServer({
      routes: (db) => [
        payoutRoutes({
          db,
          stripe: stripeClientFor({ ...double, port: 9 }),
          publicUrl: PUBLIC_URL,
        }),
      ],
    });
    try {
      await signUpUser(closed.db, { discordUserId: user.discordUserId, tier: 'TIER_1' });
      const answer = await fetch(`${closed.baseUrl}/api/me/payout-account`, {
        method: 'POST',
        headers: botHeaders(user.discordUserId),
      });
      const body = (await answer.json()) as Record<string, unknown>;
      expect([answer.status, body.code]).toEqual([502, 'STRIPE_UNAVAILABLE']);
    } finally {
      await closed.close();
    }
  });
});

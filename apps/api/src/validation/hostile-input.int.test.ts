import type { ApiAnswer } from '@bloxtr8/test-support/platform';
import { botHeaders, newDiscordUserId } from '@bloxtr8/test-support/platform';
import { describe, expect, it } from 'vitest';
import { callApi } from '../identity/test-browser.ts';
import {
  listingBody,
  newBuyer,
  sellerWithGame,
  useListingTestServer,
} from '../marketplace/listing-test-server.ts';

const NUL = 'a\u0000b';
const LONE_SURROGATE = 'game \ud83c';
const PAST_BIGINT = '9223372036854775808';

/** The hostile inputs that reached PostgreSQL and answered 500, each now a 400 naming its field. */
describe('hostile input', () => {
  const use = useListingTestServer();

  function expectRefused(answer: ApiAnswer | Awaited<ReturnType<typeof callApi>>, field: string) {
    expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body.errors).toContainEqual(expect.objectContaining({ path: field }));
  }

  it('refuses NUL in a user name at sign-up', async () => {
    const answer = await callApi(use().baseUrl, 'POST', '/api/users', {
      headers: botHeaders(newDiscordUserId()),
      body: { discordUsername: NUL, acceptTerms: true },
    });
    expectRefused(answer, '/discordUsername');
  });

  it('refuses NUL and unpaired surrogates in listings and in search filters', async () => {
    const seller = await sellerWithGame(use());
    const body = listingBody(seller.universeId);
    expectRefused(await seller.api.post('/api/listings', { ...body, title: NUL }), '/title');
    expectRefused(
      await seller.api.post('/api/listings', { ...body, summary: LONE_SURROGATE }),
      '/summary',
    );
    expectRefused(await seller.api.get('/api/listings?category=obby%00'), '/category');
    expectRefused(await seller.api.get('/api/listings?cursor=%00'), '/cursor');
    expect((await seller.api.post('/api/listings', body)).status).toBe(201);
  });

  it('refuses NUL in offers, and NUL or unpaired surrogates anywhere in an offer draft', async () => {
    const server = use();
    const seller = await sellerWithGame(server);
    const { body: listing } = await seller.api.post(
      '/api/listings',
      listingBody(seller.universeId),
    );
    const buyer = await newBuyer(server);
    const offers = `/api/listings/${listing.id}/offers`;
    expectRefused(await buyer.api.post(offers, { amountMinor: 1_000, message: NUL }), '/message');
    const draft = (data: unknown) =>
      buyer.api.request('PUT', `/api/listings/${listing.id}/offer-draft`, { data }, {});
    expectRefused(await draft({ note: NUL }), '/data/note');
    expectRefused(await draft({ steps: [{ text: LONE_SURROGATE }] }), '/data/steps/0/text');
    expectRefused(await draft({ [LONE_SURROGATE]: 1 }), `/data/${LONE_SURROGATE}`);
    expect((await draft({ note: 'line\none 🎮' })).status).toBe(200);
  });

  it('refuses a game id past PostgreSQL bigint, in a path and in a body', async () => {
    const seller = await sellerWithGame(use());
    expectRefused(await seller.api.post(`/api/games/${PAST_BIGINT}/verify`), '/universeId');
    expectRefused(await seller.api.post('/api/listings', listingBody(PAST_BIGINT)), '/universeId');
    const largest = await seller.api.post('/api/games/9223372036854775807/verify');
    expect(largest.status).not.toBe(400);
    expect(largest.status).toBeLessThan(500);
  });

  it('answers a path parameter over the length limit, and a malformed URL, with problem+json', async () => {
    const buyer = await newBuyer(use());
    const tooLong = await buyer.api.get(`/api/listings/${'a'.repeat(101)}`);
    expect([tooLong.status, tooLong.body.code]).toEqual([414, 'PATH_PARAMETER_TOO_LONG']);
    expect(tooLong.headers.get('content-type')).toContain('application/problem+json');
    const malformed = await buyer.api.get('/api/listings/%zz');
    expect([malformed.status, malformed.body.code]).toEqual([400, 'MALFORMED_URL']);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DiscordDouble } from './index.ts';
import { startDiscordDouble } from './index.ts';

const REDIRECT_URI = 'http://127.0.0.1:1/callback';

describe('the Discord OAuth2 double', () => {
  let double: DiscordDouble;
  beforeAll(async () => {
    double = await startDiscordDouble();
  });
  afterAll(async () => {
    await double?.close();
  });
  beforeEach(async () => {
    await double.control.reset();
  });

  const verifier = () => randomBytes(32).toString('base64url');
  const challengeOf = (text: string) => createHash('sha256').update(text).digest('base64url');

  async function authorize(codeVerifier: string, params: Record<string, string> = {}) {
    const url = new URL('/oauth2/authorize', double.url);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: double.clientId,
      redirect_uri: REDIRECT_URI,
      state: 'the-state',
      scope: 'identify',
      code_challenge: challengeOf(codeVerifier),
      code_challenge_method: 'S256',
      test_user_id: '123456789012345678',
      test_username: 'tester',
      ...params,
    }).toString();
    return fetch(url, { redirect: 'manual' });
  }

  async function codeFor(codeVerifier: string): Promise<string> {
    const answer = await authorize(codeVerifier);
    const back = new URL(answer.headers.get('location') ?? '');
    expect(back.searchParams.get('state')).toBe('the-state');
    return back.searchParams.get('code') ?? '';
  }

  function token(form: Record<string, string>, secret = double.clientSecret) {
    return fetch(`${double.url}/api/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${double.clientId}:${secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        redirect_uri: REDIRECT_URI,
        ...form,
      }),
    });
  }

  it('exchanges a code with the right verifier for a token that reads the user, once', async () => {
    const codeVerifier = verifier();
    const code = await codeFor(codeVerifier);
    const exchanged = await token({ code, code_verifier: codeVerifier });
    expect(exchanged.status).toBe(200);
    const body = (await exchanged.json()) as { access_token: string; token_type: string };
    expect(body.token_type).toBe('Bearer');
    const me = await fetch(`${double.url}/api/users/@me`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(await me.json()).toMatchObject({ id: '123456789012345678', username: 'tester' });
    const replay = await token({ code, code_verifier: codeVerifier });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a wrong verifier, redirect URI or client secret, and expired codes', async () => {
    const codeVerifier = verifier();
    const wrongVerifier = await token({
      code: await codeFor(codeVerifier),
      code_verifier: verifier(),
    });
    expect([
      wrongVerifier.status,
      ((await wrongVerifier.json()) as { error: string }).error,
    ]).toEqual([400, 'invalid_grant']);
    const wrongRedirect = await token({
      code: await codeFor(codeVerifier),
      code_verifier: codeVerifier,
      redirect_uri: 'http://127.0.0.1:2/elsewhere',
    });
    expect(wrongRedirect.status).toBe(400);
    const wrongSecret = await token(
      { code: await codeFor(codeVerifier), code_verifier: codeVerifier },
      'nope',
    );
    expect([wrongSecret.status, ((await wrongSecret.json()) as { error: string }).error]).toEqual([
      401,
      'invalid_client',
    ]);
    const expiring = await codeFor(codeVerifier);
    await double.control.expireCodes();
    expect((await token({ code: expiring, code_verifier: codeVerifier })).status).toBe(400);
  });

  it('never redirects for an unknown client or a non-loopback redirect URI', async () => {
    expect((await authorize(verifier(), { client_id: '1' })).status).toBe(400);
    expect((await authorize(verifier(), { redirect_uri: 'https://evil.example/cb' })).status).toBe(
      400,
    );
  });

  it('refuses /users/@me without a valid bearer token', async () => {
    const answer = await fetch(`${double.url}/api/users/@me`, {
      headers: { authorization: 'Bearer x' },
    });
    expect(answer.status).toBe(401);
  });
});

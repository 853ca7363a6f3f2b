import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, send, sendJson } from '../stripe/http-io.ts';
import { renderAuthorizePage } from './authorize-page.ts';
import type { DiscordDoubleState, DiscordTestUser, IssuedTokens } from './discord-double-state.ts';
import { s256Challenge } from './discord-double-state.ts';

export interface DiscordClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Registered redirect URIs; any loopback http(s) URI when empty (the sandbox). */
  readonly redirectUris: readonly string[];
}

const SNOWFLAKE = /^[0-9]{5,25}$/;

function isAllowedRedirect(client: DiscordClient, uri: string): boolean {
  if (client.redirectUris.length > 0) return client.redirectUris.includes(uri);
  try {
    const url = new URL(uri);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
    );
  } catch {
    return false;
  }
}

/**
 * GET /oauth2/authorize. Without a chosen user it shows the sandbox consent page; with
 * `test_user_id` (and optionally `test_username`) it grants at once, as Discord does after the
 * user clicks "Authorise", and `deny=1` answers as if the user cancelled.
 */
export function serveAuthorize(
  state: DiscordDoubleState,
  client: DiscordClient,
  url: URL,
  response: ServerResponse,
): void {
  const query = url.searchParams;
  const redirectUri = query.get('redirect_uri') ?? '';
  if (query.get('client_id') !== client.clientId || !isAllowedRedirect(client, redirectUri)) {
    // Never redirect to an unverified URI: that is how open redirects are made.
    sendJson(response, 400, JSON.stringify({ message: 'Invalid OAuth2 redirect_uri' }));
    return;
  }
  const back = new URL(redirectUri);
  const oauthState = query.get('state');
  if (oauthState !== null) back.searchParams.set('state', oauthState);
  const method = query.get('code_challenge_method');
  const challenge = query.get('code_challenge');
  if (query.get('response_type') !== 'code' || (challenge !== null && method !== 'S256')) {
    back.searchParams.set('error', 'invalid_request');
    redirect(response, back);
    return;
  }
  if (query.get('deny') === '1') {
    back.searchParams.set('error', 'access_denied');
    redirect(response, back);
    return;
  }
  const user = chosenUser(query);
  if (user === undefined) {
    send(response, 200, 'text/html; charset=utf-8', renderAuthorizePage(url));
    return;
  }
  const code = state.issueCode({
    clientId: client.clientId,
    redirectUri,
    codeChallenge: challenge,
    scope: query.get('scope') ?? 'identify',
    user,
  });
  back.searchParams.set('code', code);
  redirect(response, back);
}

function chosenUser(query: URLSearchParams): DiscordTestUser | undefined {
  const id = query.get('test_user_id');
  if (id === null || !SNOWFLAKE.test(id)) return undefined;
  const username = query.get('test_username')?.trim() || `user${id.slice(-6)}`;
  return { id, username: username.slice(0, 32) };
}

function redirect(response: ServerResponse, to: URL): void {
  response.writeHead(302, { location: to.toString(), 'cache-control': 'no-store' });
  response.end();
}

/**
 * POST /api/oauth2/token: the authorisation-code grant (with PKCE) and the refresh-token grant
 * (the refresh token rotates: each is good once), both with client authentication.
 */
export async function serveToken(
  state: DiscordDoubleState,
  client: DiscordClient,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const oauthError = (status: number, error: string, description: string) =>
    sendJson(response, status, JSON.stringify({ error, error_description: description }));
  if (state.failingTokenRequests > 0) {
    state.failingTokenRequests -= 1;
    sendJson(response, 503, JSON.stringify({ message: 'Service Unavailable' }));
    return;
  }
  const text = await readBody(request);
  if (text === null) return oauthError(400, 'invalid_request', 'body too large');
  const form = new URLSearchParams(text);
  if (!isClientAuthenticated(client, request, form)) {
    return oauthError(401, 'invalid_client', 'Invalid client');
  }
  const grantType = form.get('grant_type');
  if (grantType === 'refresh_token') {
    const renewed = state.redeemRefreshToken(form.get('refresh_token') ?? '');
    if (renewed === undefined || renewed.clientId !== client.clientId) {
      return oauthError(400, 'invalid_grant', 'Invalid "refresh_token" in request.');
    }
    return sendTokens(response, state.issueTokens(renewed), renewed.scope);
  }
  if (grantType !== 'authorization_code') {
    return oauthError(400, 'unsupported_grant_type', 'Unsupported grant type');
  }
  const grant = state.redeem(form.get('code') ?? '');
  if (typeof grant === 'string') {
    return oauthError(400, 'invalid_grant', `Invalid "code" in request (${grant})`);
  }
  if (grant.clientId !== client.clientId || grant.redirectUri !== form.get('redirect_uri')) {
    return oauthError(400, 'invalid_grant', 'Invalid "redirect_uri" in request.');
  }
  if (grant.codeChallenge !== null) {
    const verifier = form.get('code_verifier') ?? '';
    if (
      !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) ||
      s256Challenge(verifier) !== grant.codeChallenge
    ) {
      return oauthError(400, 'invalid_grant', 'Invalid "code_verifier"');
    }
  }
  const issued = state.issueTokens({
    user: grant.user,
    scope: grant.scope,
    clientId: client.clientId,
  });
  sendTokens(response, issued, grant.scope);
}

function sendTokens(response: ServerResponse, issued: IssuedTokens, scope: string): void {
  sendJson(
    response,
    200,
    JSON.stringify({
      access_token: issued.token,
      token_type: 'Bearer',
      expires_in: issued.expiresInSeconds,
      refresh_token: issued.refreshToken,
      scope,
    }),
  );
}

/** Discord takes the client credentials as HTTP Basic or in the form body. */
function isClientAuthenticated(
  client: DiscordClient,
  request: IncomingMessage,
  form: URLSearchParams,
): boolean {
  const authorization = request.headers.authorization ?? '';
  let id = form.get('client_id');
  let secret = form.get('client_secret');
  if (authorization.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // Taken as sent: arctic does not form-encode the parts, and our ids and secrets need none.
    id = decoded.slice(0, colon);
    secret = decoded.slice(colon + 1);
  }
  return id === client.clientId && secret !== null && isSame(secret, client.clientSecret);
}

function isSame(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** GET /api/users/@me (and the versioned /api/v10/users/@me) with the bearer token. */
export function serveCurrentUser(
  state: DiscordDoubleState,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const authorization = request.headers.authorization ?? '';
  const user = authorization.startsWith('Bearer ')
    ? state.userOfAccessToken(authorization.slice(7))
    : undefined;
  if (user === undefined) {
    sendJson(response, 401, JSON.stringify({ message: '401: Unauthorized', code: 0 }));
    return;
  }
  sendJson(
    response,
    200,
    JSON.stringify({
      id: user.id,
      username: user.username,
      global_name: user.username,
      discriminator: '0',
      avatar: null,
    }),
  );
}

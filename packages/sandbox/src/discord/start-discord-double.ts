import { randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Clock } from '@bloxtr8/platform';
import { systemClock } from '@bloxtr8/platform';
import { listenOnLoopback } from '../loopback-listener.ts';
import { persistedHandler, persistedStateOf } from '../persistence/state-file.ts';
import { readBody, sendJson } from '../stripe/http-io.ts';
import { DiscordDoubleControl } from './discord-double-control.ts';
import { DiscordDoubleState } from './discord-double-state.ts';
import type { DiscordClient } from './discord-oauth-routes.ts';
import { serveAuthorize, serveCurrentUser, serveToken } from './discord-oauth-routes.ts';
import { serveRest } from './discord-rest-routes.ts';
import type { InteractionSide } from './interaction-control-routes.ts';
import { serveInteractionControl } from './interaction-control-routes.ts';
import { InteractionSigner } from './interaction-signer.ts';

export interface DiscordDoubleOptions {
  /** 0 (the default) picks a free port. The double only ever listens on 127.0.0.1. */
  readonly port?: number;
  /** The OAuth2 application; random when absent. */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Redirect URIs registered with the application; any loopback URI when absent. */
  readonly redirectUris?: readonly string[];
  readonly clock?: Clock;
  /**
   * Keep issued codes and access tokens in this JSON file (loaded at start, saved atomically after
   * each request and on close), so a sandbox survives restarts. In memory only when absent.
   */
  readonly stateFile?: string;
  /** The bot token the REST API accepts (`Authorization: Bot …`); random when absent. */
  readonly botToken?: string;
  /** The application's interaction-signing key (PKCS#8 DER, base64); a new one when absent. */
  readonly signingKey?: string;
  /** Where interactions are POSTed; settable later through the control API. */
  readonly interactionsUrl?: string;
}

export interface DiscordDouble {
  /** `http://127.0.0.1:<port>`: use it as the Discord base URL (DISCORD_API_URL). */
  readonly url: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The application id (the same as the OAuth2 client id, as on Discord). */
  readonly applicationId: string;
  /** Verifies the double's interactions: 64 hex characters (DISCORD_PUBLIC_KEY). */
  readonly publicKeyHex: string;
  /** The signing key, to keep a sandbox's key across restarts. */
  readonly signingKey: string;
  readonly botToken: string;
  /** Discord's REST base for @discordjs/rest's `api` option: `<url>/api`. */
  readonly restApiUrl: string;
  readonly control: DiscordDoubleControl;
  close(): Promise<void>;
}

/** Starts the Discord OAuth2 double on loopback; see README.md beside this file. */
export async function startDiscordDouble(
  options: DiscordDoubleOptions = {},
): Promise<DiscordDouble> {
  const client: DiscordClient = {
    clientId: options.clientId ?? String(randomInt(10 ** 11, 10 ** 12) * 10 ** 6),
    clientSecret: options.clientSecret ?? randomBytes(24).toString('base64url'),
    redirectUris: options.redirectUris ?? [],
  };
  const state = new DiscordDoubleState(options.clock ?? systemClock, client.clientId);
  const botToken = options.botToken ?? randomBytes(36).toString('base64url');
  const signer = new InteractionSigner(options.signingKey);
  const side: InteractionSide = {
    rest: state.rest,
    signer,
    forger: new InteractionSigner(),
    interactionsUrl: options.interactionsUrl,
  };
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    try {
      route({ state, client, side, botToken }, request, response).catch((error: unknown) =>
        fail(response, error),
      );
    } catch (error) {
      fail(response, error);
    }
  };
  const persisted = await persistedHandler(options.stateFile, persistedStateOf(state), handler);
  const server = createServer(persisted.handler);
  const listener = await listenOnLoopback(server, options.port);
  return {
    url: listener.url,
    port: listener.port,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    applicationId: client.clientId,
    publicKeyHex: signer.publicKeyHex,
    signingKey: signer.privateKeyBase64,
    botToken,
    restApiUrl: `${listener.url}/api`,
    control: new DiscordDoubleControl(listener.url),
    close: async () => {
      await listener.close();
      await persisted.flush();
    },
  };
}

function fail(response: ServerResponse, error: unknown): void {
  if (response.headersSent) return;
  sendJson(response, 500, JSON.stringify({ message: String(error), code: 0 }));
}

interface DoubleParts {
  readonly state: DiscordDoubleState;
  readonly client: DiscordClient;
  readonly side: InteractionSide;
  readonly botToken: string;
}

async function route(
  parts: DoubleParts,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (await servedAsBotSide(parts, request, response, url.pathname)) return;
  return routeOAuth(parts, request, response, url);
}

/** The bot's side: Discord's REST API, and the control API of interactions and messages. */
async function servedAsBotSide(
  parts: DoubleParts,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<boolean> {
  const method = request.method ?? 'GET';
  const rest = /^\/api\/v\d+(\/.*)$/.exec(path)?.[1];
  if (rest !== undefined && rest !== '/users/@me' && rest !== '/oauth2/token') {
    await serveRest(parts.state.rest, parts.botToken, request, response, rest);
    return true;
  }
  if (!path.startsWith('/__control/') || isOAuthControl(path)) return false;
  const text = method === 'POST' ? ((await readBody(request)) ?? '') : '';
  const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
  return serveInteractionControl(parts.side, method, path, body, response);
}

/** Sign-in: OAuth2 authorize and token, the user of a token, and the OAuth control API. */
function routeOAuth(
  parts: DoubleParts,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> | void {
  const { state, client } = parts;
  const method = request.method ?? 'GET';
  const path = url.pathname;
  if (method === 'GET' && path === '/oauth2/authorize') {
    return serveAuthorize(state, client, url, response);
  }
  if (method === 'POST' && path === '/api/oauth2/token') {
    return serveToken(state, client, request, response);
  }
  if (method === 'GET' && /^\/api(\/v\d+)?\/users\/@me$/.test(path)) {
    return serveCurrentUser(state, request, response);
  }
  if (method === 'POST' && path.startsWith('/__control/')) {
    return serveControl(state, path, response);
  }
  if (method === 'GET' && path === '/__control/grants') {
    sendJson(response, 200, JSON.stringify(state.grants()));
    return;
  }
  sendJson(response, 404, JSON.stringify({ message: '404: Not Found', code: 0 }));
}

const OAUTH_CONTROL = ['/__control/reset', '/__control/expire-codes', '/__control/grants'];

function isOAuthControl(path: string): boolean {
  return OAUTH_CONTROL.includes(path) || path.startsWith('/__control/fail-token-requests/');
}

function serveControl(state: DiscordDoubleState, path: string, response: ServerResponse): void {
  const done = () => sendJson(response, 200, JSON.stringify({ ok: true }));
  if (path === '/__control/reset') {
    state.reset();
    done();
    return;
  }
  if (path === '/__control/expire-codes') {
    state.expireCodes();
    done();
    return;
  }
  const failing = /^\/__control\/fail-token-requests\/(\d{1,3})$/.exec(path);
  if (failing !== null) {
    state.failingTokenRequests = Number(failing[1]);
    done();
    return;
  }
  sendJson(response, 404, JSON.stringify({ message: 'unknown control endpoint' }));
}

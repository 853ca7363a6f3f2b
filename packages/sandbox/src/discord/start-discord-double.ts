import { randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Clock } from '@bloxtr8/platform';
import { systemClock } from '@bloxtr8/platform';
import { listenOnLoopback } from '../loopback-listener.ts';
import { persistedHandler, persistedStateOf } from '../persistence/state-file.ts';
import { sendJson } from '../stripe/http-io.ts';
import { DiscordDoubleControl } from './discord-double-control.ts';
import { DiscordDoubleState } from './discord-double-state.ts';
import type { DiscordClient } from './discord-oauth-routes.ts';
import { serveAuthorize, serveCurrentUser, serveToken } from './discord-oauth-routes.ts';

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
}

export interface DiscordDouble {
  /** `http://127.0.0.1:<port>`: use it as the Discord base URL (DISCORD_API_URL). */
  readonly url: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
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
  const state = new DiscordDoubleState(options.clock ?? systemClock);
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    try {
      route(state, client, request, response).catch((error: unknown) => fail(response, error));
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

async function route(
  state: DiscordDoubleState,
  client: DiscordClient,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
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

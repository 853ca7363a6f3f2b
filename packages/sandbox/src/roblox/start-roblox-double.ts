import { randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Clock } from '@bloxtr8/platform';
import { systemClock } from '@bloxtr8/platform';
import type { DiscordClient } from '../discord/discord-oauth-routes.ts';
import { serveToken } from '../discord/discord-oauth-routes.ts';
import { listenOnLoopback } from '../loopback-listener.ts';
import { persistedHandler, persistedStateOf } from '../persistence/state-file.ts';
import { sendJson } from '../stripe/http-io.ts';
import { RobloxDoubleControl, serveControl } from './roblox-double-control.ts';
import {
  answerTrouble,
  serveCloudGroupRole,
  serveGameIcons,
  serveGames,
  serveGroupRoles,
  serveRobloxAuthorize,
  serveUserInfo,
} from './roblox-double-routes.ts';
import type { RobloxDoubleApi } from './roblox-double-state.ts';
import { RobloxDoubleState } from './roblox-double-state.ts';

export interface RobloxDoubleOptions {
  /** 0 (the default) picks a free port. The double only ever listens on 127.0.0.1. */
  readonly port?: number;
  /** The OAuth application; random when absent. */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Redirect URIs registered with the application; any loopback URI when absent. */
  readonly redirectUris?: readonly string[];
  readonly clock?: Clock;
  /**
   * Keep seeded users, games and group roles, codes and tokens in this JSON file (loaded at
   * start, saved atomically after each request and on close), so a sandbox survives restarts.
   */
  readonly stateFile?: string;
}

export interface RobloxDouble {
  /**
   * `http://127.0.0.1:<port>`: the ROBLOX_API_URL. Roblox's hosts are served under path
   * prefixes: /apis (OAuth), /games, /groups, /thumbnails.
   */
  readonly url: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly control: RobloxDoubleControl;
  close(): Promise<void>;
}

/** Starts the Roblox double on loopback; see README.md beside this file. */
export async function startRobloxDouble(options: RobloxDoubleOptions = {}): Promise<RobloxDouble> {
  const client: DiscordClient = {
    clientId: options.clientId ?? `${randomInt(10 ** 9, 10 ** 10)}${randomInt(10 ** 9, 10 ** 10)}`,
    clientSecret: options.clientSecret ?? `RBX-${randomBytes(24).toString('base64url')}`,
    redirectUris: options.redirectUris ?? [],
  };
  const state = new RobloxDoubleState(options.clock ?? systemClock);
  let baseUrl = '';
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    route(state, client, baseUrl, request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, JSON.stringify({ error: String(error) }));
    });
  };
  const persisted = await persistedHandler(options.stateFile, persistedStateOf(state), handler);
  const server = createServer(persisted.handler);
  const listener = await listenOnLoopback(server, options.port);
  baseUrl = listener.url;
  return {
    url: listener.url,
    port: listener.port,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    control: new RobloxDoubleControl(listener.url),
    close: async () => {
      await listener.close();
      await persisted.flush();
    },
  };
}

const GROUP_ROLES_PATH = /^\/groups\/v2\/users\/([1-9][0-9]{0,18})\/groups\/roles$/;
const CLOUD_GROUP_ROLE_PATH =
  /^\/apis\/cloud\/v2\/groups\/([1-9][0-9]{0,18})\/roles\/([1-9][0-9]{0,18})$/;

async function route(
  state: RobloxDoubleState,
  client: DiscordClient,
  baseUrl: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const method = request.method ?? 'GET';
  const path = url.pathname;
  if (path.startsWith('/__control/')) return serveControl(state, method, path, request, response);
  if (method === 'GET' && path === '/apis/oauth/v1/authorize') {
    return serveRobloxAuthorize(state, client, url, response);
  }
  if (method === 'POST' && path === '/apis/oauth/v1/token') {
    return serveToken(state.oauth, client, request, response);
  }
  const api = findApi(state, baseUrl, request, url);
  if (method !== 'GET' || api === undefined) {
    sendJson(response, 404, JSON.stringify({ errors: [{ code: 0, message: 'NotFound' }] }));
    return;
  }
  if (!answerTrouble(state, api[0], response)) api[1](response);
}

type ApiRoute = readonly [RobloxDoubleApi, (response: ServerResponse) => void];

/** The public API a request is for, and how to answer it; undefined for none. */
function findApi(
  state: RobloxDoubleState,
  baseUrl: string,
  request: IncomingMessage,
  url: URL,
): ApiRoute | undefined {
  const path = url.pathname;
  const groupUserId = GROUP_ROLES_PATH.exec(path)?.[1];
  if (groupUserId !== undefined) {
    return ['groups', (response) => serveGroupRoles(state, groupUserId, response)];
  }
  const cloudRole = CLOUD_GROUP_ROLE_PATH.exec(path);
  if (cloudRole?.[1] !== undefined && cloudRole[2] !== undefined) {
    const ids = { groupId: cloudRole[1], roleId: cloudRole[2] };
    return ['cloud', (response) => serveCloudGroupRole(state, request, ids, response)];
  }
  const apis: Record<string, ApiRoute> = {
    '/apis/oauth/v1/userinfo': ['userinfo', (response) => serveUserInfo(state, request, response)],
    '/games/v1/games': ['games', (response) => serveGames(state, url, response)],
    '/thumbnails/v1/games/icons': [
      'thumbnails',
      (response) => serveGameIcons(state, baseUrl, url, response),
    ],
  };
  return apis[path];
}

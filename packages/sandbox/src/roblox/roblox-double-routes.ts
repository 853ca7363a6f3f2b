import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DiscordClient } from '../discord/discord-oauth-routes.ts';
import { serveAuthorize } from '../discord/discord-oauth-routes.ts';
import { send, sendJson } from '../stripe/http-io.ts';
import { permissionsOf } from './group-role-permissions.ts';
import type { RobloxDoubleApi, RobloxDoubleState } from './roblox-double-state.ts';
import { roleIdOf } from './roblox-double-state.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const ROBLOX_USER_ID = /^[1-9][0-9]{4,18}$/;

/**
 * GET /apis/oauth/v1/authorize. With `test_user_id` it grants at once, as Roblox does after the
 * user consents (the code and redirect checks are the Discord double's, which behave the same);
 * without, it shows a clearly labelled sandbox page to pick the Roblox account.
 */
export function serveRobloxAuthorize(
  state: RobloxDoubleState,
  client: DiscordClient,
  url: URL,
  response: ServerResponse,
): void {
  const query = url.searchParams;
  const userId = query.get('test_user_id');
  if (userId === null || !ROBLOX_USER_ID.test(userId)) {
    if (query.get('deny') === '1') serveAuthorize(state.oauth, client, url, response);
    else send(response, 200, 'text/html; charset=utf-8', renderAuthorizePage(url));
    return;
  }
  const known = state.users.get(userId);
  if (known !== undefined) query.set('test_username', known.username);
  serveAuthorize(state.oauth, client, url, response);
}

function renderAuthorizePage(url: URL): string {
  const hidden = [...url.searchParams.entries()]
    .filter(([name]) => !name.startsWith('test_') && name !== 'deny')
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SANDBOX Roblox authorisation</title></head>
<body><p><strong>SANDBOX</strong>: this is not Roblox. No Roblox account is involved.</p>
<h1>Link a test Roblox account</h1>
<form method="get" action="${escapeHtml(url.pathname)}">${hidden}
<label>Roblox user id (digits) <input type="text" name="test_user_id" pattern="[1-9][0-9]{4,18}" required value="10000001"></label>
<label>Username <input type="text" name="test_username" maxlength="20" value="sandbox_builder"></label>
<button type="submit">Authorise</button> <button type="submit" name="deny" value="1" formnovalidate>Cancel</button>
</form></body></html>`;
}

/**
 * Answers 429 or 503 while the test asked for trouble; true when it did (the request is over).
 * Counts the call either way: tests assert how often Roblox was asked.
 */
export function answerTrouble(
  state: RobloxDoubleState,
  api: RobloxDoubleApi,
  response: ServerResponse,
): boolean {
  state.countCall(api);
  const { trouble } = state;
  if (trouble.rateLimited > 0) {
    trouble.rateLimited -= 1;
    const headers: Record<string, string> = {};
    if (trouble.retryAfterSeconds !== null)
      headers['retry-after'] = String(trouble.retryAfterSeconds);
    if (trouble.resetSeconds !== null) headers['x-ratelimit-reset'] = String(trouble.resetSeconds);
    sendJson(
      response,
      429,
      JSON.stringify({ errors: [{ code: 0, message: 'Too many requests' }] }),
      headers,
    );
    return true;
  }
  if (trouble.failing > 0) {
    trouble.failing -= 1;
    sendJson(
      response,
      503,
      JSON.stringify({ errors: [{ code: 0, message: 'Service unavailable' }] }),
    );
    return true;
  }
  return false;
}

/** GET /apis/oauth/v1/userinfo with the bearer token (OpenID Connect claims). */
export function serveUserInfo(
  state: RobloxDoubleState,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const authorization = request.headers.authorization ?? '';
  const user = authorization.startsWith('Bearer ')
    ? state.oauth.userOfAccessToken(authorization.slice(7))
    : undefined;
  if (user === undefined) {
    sendJson(response, 401, JSON.stringify({ error: 'invalid_token' }));
    return;
  }
  sendJson(
    response,
    200,
    JSON.stringify({
      sub: user.id,
      name: user.username,
      nickname: user.username,
      preferred_username: user.username,
      created_at: 1_600_000_000,
      profile: `https://www.roblox.com/users/${user.id}/profile`,
    }),
  );
}

/** GET /games/v1/games?universeIds=1,2: the known ones, in Roblox's shape. */
export function serveGames(state: RobloxDoubleState, url: URL, response: ServerResponse): void {
  const data = idsOf(url).flatMap((id) => {
    const universe = state.universes.get(id);
    if (universe === undefined) return [];
    const creatorName =
      universe.creator.type === 'User'
        ? (state.users.get(universe.creator.id)?.username ?? 'someone')
        : `Group ${universe.creator.id}`;
    return [
      {
        id: Number(universe.id),
        rootPlaceId: Number(universe.rootPlaceId),
        name: universe.name,
        description: universe.description,
        sourceName: universe.name,
        creator: { ...universe.creator, id: Number(universe.creator.id), name: creatorName },
        price: null,
        visits: universe.visits,
        playing: universe.playing,
        maxPlayers: 50,
        created: universe.created,
        updated: universe.created,
        genre: 'All',
      },
    ];
  });
  sendJson(response, 200, JSON.stringify({ data }));
}

/** GET /groups/v2/users/{userId}/groups/roles */
export function serveGroupRoles(
  state: RobloxDoubleState,
  userId: string,
  response: ServerResponse,
): void {
  const data = [...(state.roles.get(userId)?.values() ?? [])].map((role) => ({
    group: { id: Number(role.groupId), name: role.groupName, memberCount: 10 },
    role: { id: Number(roleIdOf(role)), name: role.roleName, rank: role.rank },
  }));
  sendJson(response, 200, JSON.stringify({ data }));
}

/**
 * GET /apis/cloud/v2/groups/{groupId}/roles/{roleId} (Open Cloud GroupRole), with a user's
 * bearer token. As on Roblox, `permissions` is shown only with the group:read scope, and only to
 * a holder of the role or the group's owner; otherwise the field is left out.
 */
export function serveCloudGroupRole(
  state: RobloxDoubleState,
  request: IncomingMessage,
  ids: { readonly groupId: string; readonly roleId: string },
  response: ServerResponse,
): void {
  const authorization = request.headers.authorization ?? '';
  const token = authorization.startsWith('Bearer ')
    ? state.oauth.accessTokenOf(authorization.slice(7))
    : undefined;
  if (token === undefined) {
    sendJson(response, 401, JSON.stringify({ code: 'UNAUTHENTICATED', message: 'Invalid token' }));
    return;
  }
  const holders = state.holdersOf(ids.groupId, ids.roleId);
  const role = holders[0];
  if (role === undefined) {
    sendJson(response, 404, JSON.stringify({ code: 'NOT_FOUND', message: 'Role not found' }));
    return;
  }
  const viewersRole = state.roles.get(token.user.id)?.get(ids.groupId);
  const mayView =
    token.scope.split(' ').includes('group:read') &&
    viewersRole !== undefined &&
    (roleIdOf(viewersRole) === ids.roleId || viewersRole.rank === 255);
  const groupRole = {
    path: `groups/${ids.groupId}/roles/${ids.roleId}`,
    id: ids.roleId,
    displayName: role.roleName,
    rank: role.rank,
    memberCount: holders.length,
    ...(mayView ? { permissions: permissionsOf(role) } : {}),
  };
  sendJson(response, 200, JSON.stringify(groupRole));
}

/** GET /thumbnails/v1/games/icons?universeIds=… */
export function serveGameIcons(
  state: RobloxDoubleState,
  baseUrl: string,
  url: URL,
  response: ServerResponse,
): void {
  const data = idsOf(url).map((id) => {
    const universe = state.universes.get(id);
    if (universe === undefined) return { targetId: Number(id), state: 'Error', imageUrl: null };
    return universe.iconReady
      ? {
          targetId: Number(id),
          state: 'Completed',
          imageUrl: `${baseUrl}/thumbnails/images/${id}.png`,
        }
      : { targetId: Number(id), state: 'Pending', imageUrl: null };
  });
  sendJson(response, 200, JSON.stringify({ data }));
}

function idsOf(url: URL): string[] {
  return (url.searchParams.get('universeIds') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => /^[1-9][0-9]{0,18}$/.test(id))
    .slice(0, 100);
}

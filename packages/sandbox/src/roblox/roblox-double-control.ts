import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { readBody, sendJson } from '../stripe/http-io.ts';
import { ROLE_PERMISSION_NAMES } from './group-role-permissions.ts';
import type {
  RobloxDoubleApi,
  RobloxDoubleState,
  RobloxTestGroupRole,
  RobloxTestUniverse,
  RobloxTestUser,
} from './roblox-double-state.ts';
import { ROBLOX_DOUBLE_APIS } from './roblox-double-state.ts';

const ZId = z.string().regex(/^[1-9][0-9]{0,18}$/);
const ZUser = z.object({ id: ZId.regex(/^[0-9]{5,}$/), username: z.string().min(1).max(32) });
const ZUniverse = z.object({
  id: ZId,
  rootPlaceId: ZId,
  name: z.string().min(1).max(200),
  description: z.string().max(4000),
  creator: z.object({ id: ZId, type: z.enum(['User', 'Group']) }),
  visits: z.number().int().nonnegative(),
  playing: z.number().int().nonnegative(),
  created: z.iso.datetime({ offset: true }),
  iconReady: z.boolean(),
});
const ZRole = z.object({
  userId: ZId,
  groupId: ZId,
  groupName: z.string().min(1).max(100),
  roleName: z.string().min(1).max(100),
  rank: z.number().int().min(0).max(255),
  permissions: z.partialRecord(z.enum(ROLE_PERMISSION_NAMES), z.boolean()).optional(),
});
const ZTrouble = z.object({
  rateLimited: z.number().int().min(0).max(1000).default(0),
  retryAfterSeconds: z.number().int().min(0).nullable().default(null),
  resetSeconds: z.number().min(0).nullable().default(null),
  failing: z.number().int().min(0).max(1000).default(0),
});

/** A universe to seed: unspecified fields get plausible values. */
export type RobloxUniverseSeed = Pick<RobloxTestUniverse, 'id' | 'creator'> &
  Partial<Omit<RobloxTestUniverse, 'id' | 'creator'>>;

/** The server side of `/__control/…`. */
export async function serveControl(
  state: RobloxDoubleState,
  method: string,
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (method === 'GET' && path === '/__control/calls') {
    sendJson(response, 200, JSON.stringify(Object.fromEntries(state.calls)));
    return;
  }
  const body = method === 'POST' ? await readBody(request) : null;
  let json: unknown = {};
  try {
    json = body === null || body === '' ? {} : JSON.parse(body);
  } catch {
    json = undefined;
  }
  const seeders: Record<string, (input: unknown) => void> = {
    '/__control/reset': () => state.reset(),
    '/__control/expire-codes': () => state.oauth.expireCodes(),
    '/__control/revoke-grants': () => state.oauth.revokeRefreshTokens(),
    '/__control/users': (input) => state.addUser(ZUser.parse(input)),
    '/__control/universes': (input) => state.addUniverse(ZUniverse.parse(input)),
    '/__control/group-roles': (input) => state.addRole(ZRole.parse(input)),
    '/__control/trouble': (input) => {
      state.trouble = ZTrouble.parse(input);
    },
  };
  const seed = method === 'POST' ? seeders[path] : undefined;
  if (seed === undefined) {
    sendJson(response, 404, JSON.stringify({ error: 'unknown control endpoint' }));
    return;
  }
  try {
    seed(json);
  } catch (error) {
    sendJson(response, 400, JSON.stringify({ error: String(error) }));
    return;
  }
  sendJson(response, 200, JSON.stringify({ ok: true }));
}

/** Drives the Roblox double from a test, over its HTTP control API (`/__control/…`). */
export class RobloxDoubleControl {
  readonly #url: string;

  constructor(url: string) {
    this.#url = url;
  }

  /** Forgets every user, universe, role, code, token and call count. */
  reset(): Promise<void> {
    return this.post('/__control/reset', {});
  }

  /** Every code issued so far stops being redeemable. */
  expireCodes(): Promise<void> {
    return this.post('/__control/expire-codes', {});
  }

  /** Every refresh token issued so far stops working, as when users revoke the app on Roblox. */
  revokeGrants(): Promise<void> {
    return this.post('/__control/revoke-grants', {});
  }

  addUser(user: RobloxTestUser): Promise<void> {
    return this.post('/__control/users', user);
  }

  addUniverse(seed: RobloxUniverseSeed): Promise<void> {
    return this.post('/__control/universes', {
      rootPlaceId: String(BigInt(seed.id) * 10n),
      name: `Game ${seed.id}`,
      description: 'An obby with a twist.',
      visits: 1_234_567,
      playing: 42,
      created: '2021-03-04T05:06:07.000Z',
      iconReady: true,
      ...seed,
    });
  }

  addGroupRole(role: RobloxTestGroupRole): Promise<void> {
    return this.post('/__control/group-roles', role);
  }

  /**
   * The next `rateLimited` API requests answer 429 (with Retry-After and/or x-ratelimit-reset
   * when given), then the next `failing` ones 503. OAuth authorise and token are not affected.
   */
  trouble(trouble: {
    rateLimited?: number;
    retryAfterSeconds?: number;
    resetSeconds?: number;
    failing?: number;
  }): Promise<void> {
    return this.post('/__control/trouble', trouble);
  }

  /** Requests per API since the last reset, 429s and 503s included. */
  async calls(): Promise<Record<RobloxDoubleApi, number>> {
    const response = await fetch(`${this.#url}/__control/calls`);
    const counted = (await response.json()) as Partial<Record<RobloxDoubleApi, number>>;
    return Object.fromEntries(ROBLOX_DOUBLE_APIS.map((api) => [api, counted[api] ?? 0])) as Record<
      RobloxDoubleApi,
      number
    >;
  }

  private async post(path: string, body: unknown): Promise<void> {
    const response = await fetch(`${this.#url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`roblox double: ${path} answered ${response.status}: ${text}`);
  }
}

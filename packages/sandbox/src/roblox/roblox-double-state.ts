import { randomInt } from 'node:crypto';
import type { Clock } from '@bloxtr8/platform';
import type { DiscordStateSnapshot } from '../discord/discord-double-state.ts';
import { DiscordDoubleState } from '../discord/discord-double-state.ts';
import type { RolePermissionName } from './group-role-permissions.ts';

/** A Roblox account of the double. Ids are decimal strings of at least 5 digits. */
export interface RobloxTestUser {
  readonly id: string;
  readonly username: string;
}

/** A universe as the double serves it from games.roblox.com/v1/games. */
export interface RobloxTestUniverse {
  readonly id: string;
  readonly rootPlaceId: string;
  readonly name: string;
  readonly description: string;
  readonly creator: { readonly id: string; readonly type: 'User' | 'Group' };
  readonly visits: number;
  readonly playing: number;
  /** ISO 8601. */
  readonly created: string;
  /** False: the icon is still rendering (state Pending). */
  readonly iconReady: boolean;
}

/** One user's role in one group. */
export interface RobloxTestGroupRole {
  readonly userId: string;
  readonly groupId: string;
  readonly groupName: string;
  readonly roleName: string;
  readonly rank: number;
  /**
   * What the role may do, by Open Cloud's permission names (e.g. `manageGroupUniverses`); left
   * out is not granted. The owner's role (rank 255) has every permission.
   */
  readonly permissions?: Readonly<Partial<Record<RolePermissionName, boolean>>> | undefined;
}

let lastTestId = 10_000_000 + randomInt(1_000_000) * 100;

/** A fresh Roblox-style id (user, group or universe) for a test: 8+ digits, unique per process. */
export function newRobloxId(): string {
  lastTestId += 1;
  return String(lastTestId);
}

/** A fresh Roblox account for a test. */
export function newRobloxTestUser(): RobloxTestUser {
  const id = newRobloxId();
  return { id, username: `builder_${id}` };
}

/** The public web APIs the double serves; each request to one is counted. */
export const ROBLOX_DOUBLE_APIS = ['userinfo', 'games', 'groups', 'cloud', 'thumbnails'] as const;
export type RobloxDoubleApi = (typeof ROBLOX_DOUBLE_APIS)[number];

/** What the next API requests answer instead of the data (provider trouble on demand). */
export interface RobloxTrouble {
  /** Requests left to answer 429. */
  rateLimited: number;
  retryAfterSeconds: number | null;
  resetSeconds: number | null;
  /** Requests left to answer 503. */
  failing: number;
}

/** Bound on seeded entries, so a long sandbox run never grows without end. */
const ENTRIES_MAX = 10_000;

/**
 * What the double knows: seeded users, universes and group roles, and the OAuth codes and access
 * tokens it issued (the same bookkeeping as the Discord double's, reused as it is).
 */
export class RobloxDoubleState {
  readonly oauth: DiscordDoubleState;
  readonly users = new Map<string, RobloxTestUser>();
  readonly universes = new Map<string, RobloxTestUniverse>();
  /** By user id, then group id. */
  readonly roles = new Map<string, Map<string, RobloxTestGroupRole>>();
  readonly calls = new Map<RobloxDoubleApi, number>();
  trouble: RobloxTrouble = noTrouble();

  constructor(clock: Clock) {
    this.oauth = new DiscordDoubleState(clock);
  }

  addUser(user: RobloxTestUser): void {
    this.#bound(this.users).set(user.id, user);
  }

  addUniverse(universe: RobloxTestUniverse): void {
    this.#bound(this.universes).set(universe.id, universe);
  }

  addRole(role: RobloxTestGroupRole): void {
    const groups = this.roles.get(role.userId) ?? new Map<string, RobloxTestGroupRole>();
    groups.set(role.groupId, role);
    this.#bound(this.roles).set(role.userId, groups);
  }

  /** Every seeded holder of the role `roleId` in the group. */
  holdersOf(groupId: string, roleId: string): RobloxTestGroupRole[] {
    return [...this.roles.values()].flatMap((groups) => {
      const role = groups.get(groupId);
      return role !== undefined && roleIdOf(role) === roleId ? [role] : [];
    });
  }

  countCall(api: RobloxDoubleApi): void {
    this.calls.set(api, (this.calls.get(api) ?? 0) + 1);
  }

  reset(): void {
    this.oauth.reset();
    this.users.clear();
    this.universes.clear();
    this.roles.clear();
    this.calls.clear();
    this.trouble = noTrouble();
  }

  /** Seeded users, games and roles, and the OAuth codes and tokens, as plain JSON. */
  snapshot(): RobloxStateSnapshot {
    return {
      oauth: this.oauth.snapshot(),
      users: [...this.users.values()],
      universes: [...this.universes.values()],
      roles: [...this.roles.values()].flatMap((groups) => [...groups.values()]),
    };
  }

  /** Puts a snapshot back into a freshly started double, oldest first. */
  restore(saved: unknown): void {
    const { oauth, users, universes, roles } = (saved ?? {}) as Partial<RobloxStateSnapshot>;
    if (!Array.isArray(users) || !Array.isArray(universes) || !Array.isArray(roles)) {
      throw new Error('not a saved state of a Roblox sandbox');
    }
    this.oauth.restore(oauth);
    for (const user of users) this.addUser(user);
    for (const universe of universes) this.addUniverse(universe);
    for (const role of roles) this.addRole(role);
  }

  #bound<K, V>(map: Map<K, V>): Map<K, V> {
    if (map.size >= ENTRIES_MAX) {
      const oldest = map.keys().next();
      if (oldest.done !== true) map.delete(oldest.value);
    }
    return map;
  }
}

export interface RobloxStateSnapshot {
  readonly oauth: DiscordStateSnapshot;
  readonly users: readonly RobloxTestUser[];
  readonly universes: readonly RobloxTestUniverse[];
  readonly roles: readonly RobloxTestGroupRole[];
}

function noTrouble(): RobloxTrouble {
  return { rateLimited: 0, retryAfterSeconds: null, resetSeconds: null, failing: 0 };
}

/** The role's id, as Roblox numbers role sets: one per group and rank in the double. */
export function roleIdOf(role: Pick<RobloxTestGroupRole, 'groupId' | 'rank'>): string {
  return String(BigInt(role.groupId) * 1000n + BigInt(role.rank));
}

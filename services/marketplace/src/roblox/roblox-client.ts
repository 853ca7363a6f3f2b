import type { RobloxGrant, RobloxIdentity } from '@bloxtr8/identity';
import type { Result, Secret } from '@bloxtr8/platform';

/** Roblox user ids, group ids and universe ids are positive integers (kept as decimal strings). */
export const ROBLOX_ID = /^[1-9][0-9]{0,18}$/;

/** Who created a universe: a user, or a group (then the group's roles decide who controls it). */
export interface RobloxCreator {
  readonly id: string;
  readonly type: 'User' | 'Group';
}

/** A universe (experience) as games.roblox.com/v1/games describes it. */
export interface RobloxUniverse {
  readonly id: string;
  readonly rootPlaceId: string | null;
  readonly name: string;
  readonly description: string;
  readonly creator: RobloxCreator;
  readonly visits: number;
  readonly playing: number;
  readonly createdAt: Date | null;
}

/** A user's role in one group (groups.roblox.com/v2/users/{id}/groups/roles). */
export interface RobloxGroupRole {
  readonly groupId: string;
  /** The role's (role set's) id, unique across Roblox. */
  readonly roleId: string;
  readonly roleName: string;
  /** 0–255; 255 is the group owner's role. */
  readonly rank: number;
}

/**
 * What a group role may do, as far as control of the group's games goes: the part of Open
 * Cloud's GroupRole.permissions we read (apis.roblox.com/cloud/v2/groups/{g}/roles/{r}).
 */
export interface RobloxRolePermissions {
  /** `manageGroupUniverses`: create, configure and publish the group's experiences. */
  readonly manageGroupUniverses: boolean;
}

/**
 * Why Roblox gave no answer. ROBLOX_RATE_LIMITED: still 429 after the bounded retries (or asked
 * for a longer wait than we will hold a request for). ROBLOX_UNAVAILABLE: unreachable, timed out,
 * 5xx, or an answer we cannot read.
 */
export type RobloxFailure = 'ROBLOX_RATE_LIMITED' | 'ROBLOX_UNAVAILABLE';

/** Roblox's public web APIs, as much as game verification needs. Stateless. */
export interface RobloxClient {
  /** The universe, or null when Roblox does not know it. Fails with a RobloxFailure. */
  fetchUniverse(universeId: string): Promise<Result<RobloxUniverse | null, RobloxFailure>>;
  /** Every group the user is in, with their role. Fails with a RobloxFailure. */
  listGroupRoles(robloxUserId: string): Promise<Result<RobloxGroupRole[], RobloxFailure>>;
  /** The universe's icon URL, or null while Roblox has none ready. Fails with a RobloxFailure. */
  fetchGameIconUrl(universeId: string): Promise<Result<string | null, RobloxFailure>>;
  /**
   * A group role's permissions, read with a user's access token (scope group:read): Roblox
   * shows a role's permissions only to its members and the group's owner, so null when this
   * user may not see them. Fails with a RobloxFailure.
   */
  fetchRolePermissions(
    role: Pick<RobloxGroupRole, 'groupId' | 'roleId'>,
    accessToken: Secret,
  ): Promise<Result<RobloxRolePermissions | null, RobloxFailure>>;
}

/**
 * Why an authorisation code did not give a Roblox identity. CODE_REJECTED: Roblox refused the
 * code (expired, used, wrong verifier): the user starts again. Otherwise a RobloxFailure.
 */
export type RobloxOAuthFailure = 'CODE_REJECTED' | RobloxFailure;

/** The account a consent proved, and the grant that came with it. */
export interface RobloxConsent {
  readonly identity: RobloxIdentity;
  /** Null when Roblox gave no refresh token. */
  readonly grant: RobloxGrant | null;
}

/** A grant refreshed: a short-lived access token, and the grant to keep instead of the old. */
export interface RefreshedGrant {
  readonly accessToken: Secret;
  readonly grant: RobloxGrant;
}

/**
 * Linking a Roblox account (OAuth 2.0 authorisation code with PKCE S256, scopes openid profile
 * group:read), and using the grant later on the user's behalf.
 */
export interface RobloxOAuth {
  /** Roblox's consent page for this state and verifier. */
  authorizationUrl(state: string, codeVerifier: string): URL;
  /** Exchanges the code for tokens and reads the account from the userinfo endpoint. */
  identify(code: string, codeVerifier: string): Promise<Result<RobloxConsent, RobloxOAuthFailure>>;
  /**
   * Trades the grant's refresh token for an access token and the next refresh token (Roblox
   * rotates them). GRANT_REVOKED: Roblox no longer honours it (revoked, expired, used already);
   * otherwise a RobloxFailure.
   */
  refresh(refreshToken: Secret): Promise<Result<RefreshedGrant, 'GRANT_REVOKED' | RobloxFailure>>;
}

import type { RobloxIdentity } from '@bloxtr8/identity';
import type { Result } from '@bloxtr8/platform';

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
  readonly roleName: string;
  /** 0–255; 255 is the group owner's role. */
  readonly rank: number;
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
}

/**
 * Why an authorisation code did not give a Roblox identity. CODE_REJECTED: Roblox refused the
 * code (expired, used, wrong verifier): the user starts again. Otherwise a RobloxFailure.
 */
export type RobloxOAuthFailure = 'CODE_REJECTED' | RobloxFailure;

/** Linking a Roblox account (OAuth 2.0 authorisation code with PKCE S256, scopes openid profile). */
export interface RobloxOAuth {
  /** Roblox's consent page for this state and verifier. */
  authorizationUrl(state: string, codeVerifier: string): URL;
  /** Exchanges the code for a token and reads the account from the userinfo endpoint. */
  identify(code: string, codeVerifier: string): Promise<Result<RobloxIdentity, RobloxOAuthFailure>>;
}

export type { RobloxRequestPolicy } from './roblox/retry-policy.ts';
export { DEFAULT_ROBLOX_REQUEST_POLICY } from './roblox/retry-policy.ts';
export type { RobloxApiSettings, RobloxApis } from './roblox/roblox-apis.ts';
export { createRobloxApis } from './roblox/roblox-apis.ts';
export type {
  RobloxClient,
  RobloxCreator,
  RobloxFailure,
  RobloxGroupRole,
  RobloxOAuth,
  RobloxOAuthFailure,
  RobloxUniverse,
} from './roblox/roblox-client.ts';
export { ROBLOX_ID } from './roblox/roblox-client.ts';
export type { RobloxHosts } from './roblox/roblox-hosts.ts';
export { ROBLOX_HOSTS, robloxHostsUnder } from './roblox/roblox-hosts.ts';
export type { RobloxOAuthSettings } from './roblox/roblox-oauth.ts';
export type { RobloxRequestRuntime } from './roblox/roblox-request.ts';
export type { GameSnapshot } from './verification/game-snapshot.ts';
export { findGameSnapshot } from './verification/game-snapshot.ts';
export type { OwnershipMethod, OwnershipVerdict } from './verification/ownership-rule.ts';
export { judgeOwnership, OWNERSHIP_METHODS } from './verification/ownership-rule.ts';
export type { GameVerification } from './verification/verification-store.ts';
export type {
  VerifiedGame,
  VerifyGameFailure,
  VerifyGameOwnershipOptions,
} from './verification/verify-game-ownership.ts';
export {
  VERIFICATION_TTL_MS,
  verifyGameOwnership,
} from './verification/verify-game-ownership.ts';

export { csrfTokenFor, isCsrfTokenValid } from './csrf/csrf-token.ts';
export type { DiscordOAuthSettings } from './discord/arctic-discord-oauth.ts';
export { createDiscordOAuth } from './discord/arctic-discord-oauth.ts';
export type {
  DiscordIdentity,
  DiscordOAuth,
  DiscordOAuthFailure,
} from './discord/discord-oauth.ts';
export type {
  LinkPayoutFailure,
  PayoutAccountLink,
} from './linked-accounts/link-payout-account.ts';
export {
  findLinkedPayoutAccount,
  findPayoutDestination,
  linkPayoutAccount,
} from './linked-accounts/link-payout-account.ts';
export type {
  LinkRobloxFailure,
  RobloxIdentity,
  RobloxLink,
} from './linked-accounts/link-roblox-account.ts';
export {
  findLinkedRobloxAccount,
  linkRobloxAccount,
} from './linked-accounts/link-roblox-account.ts';
export type { RobloxGrant } from './linked-accounts/roblox-grant.ts';
export { findRobloxGrant, replaceRobloxGrant } from './linked-accounts/roblox-grant.ts';
export type {
  ConsumedOAuthState,
  OAuthProvider,
  StartedOAuthFlow,
} from './oauth/oauth-states.ts';
export { consumeOAuthState, OAUTH_STATE_TTL_MS, startOAuthFlow } from './oauth/oauth-states.ts';
export type { ActiveSession, IssuedSession } from './sessions/active-session.ts';
export { endSession } from './sessions/end-session.ts';
export type { ResumedSession } from './sessions/resume-session.ts';
export { resumeSession } from './sessions/resume-session.ts';
export type { SessionPolicy, SessionRefusal, SessionVerdict } from './sessions/session-rules.ts';
export { DEFAULT_SESSION_POLICY, judgeSession } from './sessions/session-rules.ts';
export { startSession } from './sessions/start-session.ts';
export type { SecretToken } from './tokens/secret-token.ts';
export { hashSecretToken, newSecretToken, SECRET_TOKEN_BYTES } from './tokens/secret-token.ts';
export type { PrivilegeChange, PrivilegeChangeFailure } from './users/change-privileges.ts';
export { changeUserRole, changeUserTier } from './users/change-privileges.ts';
export type { Operator } from './users/change-role-as-operator.ts';
export { changeRoleAsOperator } from './users/change-role-as-operator.ts';
export type { Actor, PrivilegeRefusal } from './users/privilege-rules.ts';
export { roleChangeRefusal, tierChangeRefusal } from './users/privilege-rules.ts';
export { promoteBootstrapAdmin } from './users/promote-bootstrap-admin.ts';
export type { SignUpUserOptions } from './users/sign-up-user.ts';
export { signUpUser } from './users/sign-up-user.ts';
export type { KycTier, RequestContext, User, UserRole } from './users/user.ts';
export {
  DISCORD_SNOWFLAKE,
  KYC_TIERS,
  NO_REQUEST_CONTEXT,
  USER_ROLES,
} from './users/user.ts';
export {
  findUserByDiscordId,
  findUserById,
  listUsersByRole,
  refreshDiscordUsername,
} from './users/user-store.ts';
export type { LinkWalletFailure } from './wallets/link-wallet.ts';
export { findWallet, isWalletSignatureValid, linkWallet } from './wallets/link-wallet.ts';
export type {
  WalletChallenge,
  WalletChallengeFailure,
  WalletPurpose,
} from './wallets/wallet-challenges.ts';
export {
  findOpenWalletChallenge,
  issueWalletChallenge,
  WALLET_CHALLENGE_TTL_MS,
} from './wallets/wallet-challenges.ts';

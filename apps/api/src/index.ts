export { markListingSold, startOfferSweeper } from '@bloxtr8/marketplace';
export type { Access } from './auth/access.ts';
export { principalOf } from './auth/access.ts';
export type { Authentication, Authenticator } from './auth/authenticator.ts';
export { ANONYMOUS_ONLY } from './auth/authenticator.ts';
export type { KycTierName, Principal, Role } from './auth/principal.ts';
export { hasTier, isStaff, KYC_TIER_ORDER, ROLES } from './auth/principal.ts';
export type { ServerDependencies } from './build-server.ts';
export { buildServer } from './build-server.ts';
export { guildMarketplaceRoutes } from './discord/guild-marketplace-routes.ts';
export type { EscrowApi, EscrowApiOptions } from './escrow/escrow-api.ts';
export { startEscrowApi } from './escrow/escrow-api.ts';
export { SESSION_COOKIE } from './identity/identity-cookies.ts';
export type {
  DiscordClientSettings,
  IdentityGateway,
  IdentityGatewayOptions,
} from './identity/identity-gateway.ts';
export { discordCallbackUrl, identityGateway } from './identity/identity-gateway.ts';
export type { RateLimitSettings } from './identity/identity-rate-limit.ts';
export type { ContractRouteDependencies } from './marketplace/contract-routes.ts';
export { contractRoutes } from './marketplace/contract-routes.ts';
export type { GameVerificationDependencies } from './marketplace/game-verification-routes.ts';
export { gameVerificationRoutes } from './marketplace/game-verification-routes.ts';
export type { ListingRoutesDependencies } from './marketplace/listing-routes.ts';
export { listingRoutes } from './marketplace/listing-routes.ts';
export type { MarketplaceRoutesDependencies } from './marketplace/marketplace-routes.ts';
export { marketplaceRoutes } from './marketplace/marketplace-routes.ts';
export type { OfferRoutesDependencies } from './marketplace/offer-routes.ts';
export { offerRoutes } from './marketplace/offer-routes.ts';
export type { RobloxLinkDependencies } from './marketplace/roblox-link-routes.ts';
export { ROBLOX_CALLBACK_PATH, robloxLinkRoutes } from './marketplace/roblox-link-routes.ts';
export { robloxCallbackUrl, robloxRoutes } from './marketplace/roblox-routes.ts';
export type { PayoutRoutesDependencies } from './payouts/payout-routes.ts';
export { payoutRoutes } from './payouts/payout-routes.ts';
export type { Problem } from './problem.ts';
export { PROBLEM_CONTENT_TYPE, problemTypeOf, sendProblem } from './problem.ts';
export type { RouteModule } from './route-module.ts';
export { zodRoutes } from './route-module.ts';
export type { DepositReviewDependencies } from './usdc/deposit-review-routes.ts';
export { depositReviewRoutes } from './usdc/deposit-review-routes.ts';
export type { WalletRoutesDependencies } from './usdc/wallet-routes.ts';
export { walletRoutes } from './usdc/wallet-routes.ts';

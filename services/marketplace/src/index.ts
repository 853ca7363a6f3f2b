export type {
  ContractBlock,
  ContractDocument,
  ContractParty,
} from './contracts/contract-document.ts';
export { contractBlocks } from './contracts/contract-document.ts';
export type { ExecutionParties } from './contracts/contract-events.ts';
export { MARKETPLACE_SCHEMA } from './contracts/contract-events.ts';
export type {
  Contract,
  ContractSignature,
  ContractStatus,
  SignMethod,
} from './contracts/contract-store.ts';
export {
  CONTRACT_STATUSES,
  findContract,
  findContractByOffer,
  listSignatures,
  SIGN_METHODS,
} from './contracts/contract-store.ts';
export type {
  CreateContractDependencies,
  CreatedContract,
} from './contracts/create-contract-for-accepted-offer.ts';
export {
  CONTRACT_SIGNING_WINDOW_MS,
  createContractForAcceptedOffer,
} from './contracts/create-contract-for-accepted-offer.ts';
export { formatUsdCents } from './contracts/format-amount.ts';
export { startMarketplaceOutbox } from './contracts/marketplace-outbox.ts';
export { renderContractPdf } from './contracts/render-contract-pdf.ts';
export type {
  SignContractFailure,
  SignContractOptions,
  SignedContract,
} from './contracts/sign-contract.ts';
export { signContract, signContractIn } from './contracts/sign-contract.ts';
export type {
  IssuedSignLink,
  IssueSignLinkFailure,
  SignByLinkFailure,
} from './contracts/sign-links.ts';
export { issueSignLink, SIGN_LINK_TTL_MS, signByLink } from './contracts/sign-links.ts';
export type { ContractSweeperOptions } from './contracts/void-expired-contracts.ts';
export {
  startContractSweeper,
  VOID_BATCH_LIMIT,
  voidExpiredContracts,
} from './contracts/void-expired-contracts.ts';
export type { FileStore, StoredFile } from './files/file-store.ts';
export { defaultFilesDirectory, localFileStore, sha256Hex } from './files/local-file-store.ts';
export type { S3FileStoreSettings } from './files/s3-file-store.ts';
export { s3FileStore } from './files/s3-file-store.ts';
export type { ChangeListingFailure, ThreadChange } from './listings/change-listing.ts';
export {
  deactivateListing,
  markListingSold,
  updateListingThread,
} from './listings/change-listing.ts';
export type { CreateListingFailure, CreateListingOptions } from './listings/create-listing.ts';
export { createListing } from './listings/create-listing.ts';
export type {
  Listing,
  ListingStatus,
  ListingViewer,
  ListingVisibility,
} from './listings/listing.ts';
export {
  findListing,
  isListingVisibleTo,
  LISTING_PRICE_MINOR_MAX,
  LISTING_STATUSES,
  LISTING_VISIBILITIES,
} from './listings/listing.ts';
export type { MarketplaceActor } from './listings/marketplace-actor.ts';
export type { KeysetPage } from './listings/page-cursor.ts';
export { LIST_LIMIT_MAX } from './listings/page-cursor.ts';
export type { ListingSearch } from './listings/search-listings.ts';
export { searchListings } from './listings/search-listings.ts';
export type {
  AcceptOfferFailure,
  AnsweredOffer,
  AnswerOfferOptions,
  OnOfferAccepted,
} from './offers/answer-offer.ts';
export { acceptOffer, declineOffer } from './offers/answer-offer.ts';
export type { CounterOfferFailure, CounterOfferOptions } from './offers/counter-offer.ts';
export { counterOffer } from './offers/counter-offer.ts';
export type { CreateOfferFailure, CreateOfferOptions } from './offers/create-offer.ts';
export { createOffer } from './offers/create-offer.ts';
export { EXPIRE_OFFERS_LIMIT_DEFAULT, expireOffers } from './offers/expire-offers.ts';
export type { ListListingOffersOptions } from './offers/list-listing-offers.ts';
export { listListingOffers } from './offers/list-listing-offers.ts';
export type { Offer, OfferStatus } from './offers/offer.ts';
export {
  findOffer,
  isOfferParty,
  OFFER_EXPIRY_MS_DEFAULT,
  OFFER_STATUSES,
} from './offers/offer.ts';
export type { OfferDraft } from './offers/offer-drafts.ts';
export {
  deleteOfferDraft,
  findOfferDraft,
  OFFER_DRAFT_BYTES_MAX,
  OFFER_DRAFT_TTL_MS,
  saveOfferDraft,
} from './offers/offer-drafts.ts';
export type { AnswerRefusal, NewOfferRefusal } from './offers/offer-rules.ts';
export type { OfferSweeper, OfferSweeperOptions } from './offers/offer-sweeper.ts';
export { startOfferSweeper } from './offers/offer-sweeper.ts';
export type { RobloxRequestPolicy } from './roblox/retry-policy.ts';
export { DEFAULT_ROBLOX_REQUEST_POLICY } from './roblox/retry-policy.ts';
export type { RobloxApiSettings, RobloxApis } from './roblox/roblox-apis.ts';
export { createRobloxApis } from './roblox/roblox-apis.ts';
export type {
  RefreshedGrant,
  RobloxClient,
  RobloxConsent,
  RobloxCreator,
  RobloxFailure,
  RobloxGroupRole,
  RobloxOAuth,
  RobloxOAuthFailure,
  RobloxRolePermissions,
  RobloxUniverse,
} from './roblox/roblox-client.ts';
export { ROBLOX_ID } from './roblox/roblox-client.ts';
export type { RobloxGrantFailure } from './roblox/roblox-grants.ts';
export type { RobloxHosts } from './roblox/roblox-hosts.ts';
export { ROBLOX_HOSTS, robloxHostsUnder } from './roblox/roblox-hosts.ts';
export type { RobloxOAuthSettings } from './roblox/roblox-oauth.ts';
export type { RobloxRequestRuntime } from './roblox/roblox-request.ts';
export type {
  MarketplaceService,
  MarketplaceServiceOptions,
} from './service/start-marketplace-service.ts';
export {
  MARKETPLACE_ESCROW_EVENTS_GROUP,
  startMarketplaceService,
} from './service/start-marketplace-service.ts';
export type { GameSnapshot } from './verification/game-snapshot.ts';
export { findGameSnapshot } from './verification/game-snapshot.ts';
export type {
  GroupStanding,
  OwnershipMethod,
  OwnershipVerdict,
} from './verification/ownership-rule.ts';
export { judgeOwnership, OWNERSHIP_METHODS } from './verification/ownership-rule.ts';
export type {
  RecheckFailure,
  RecheckSellerControlOptions,
} from './verification/recheck-seller-control.ts';
export {
  isRecheckFailure,
  RECHECK_FAILURES,
  recheckSellerControl,
} from './verification/recheck-seller-control.ts';
export type { GameVerification } from './verification/verification-store.ts';
export type {
  OwnershipRecheck,
  RobloxReader,
  VerifiedGame,
  VerifyGameFailure,
  VerifyGameOwnershipOptions,
} from './verification/verify-game-ownership.ts';
export {
  VERIFICATION_TTL_MS,
  verifyGameOwnership,
} from './verification/verify-game-ownership.ts';

import type { ApiProblem } from './gateway-client.ts';

/**
 * What a person reads in Discord when the API refuses them, by the refusal's stable code: every
 * problem code the gateway declares and every reason the escrow gives for a rejected command
 * (a test walks both lists). Plain words and the next step; never the API's internals.
 */
export const REFUSAL_MESSAGES: Readonly<Record<string, string>> = {
  // Who you are
  UNKNOWN_USER: 'You have not signed up yet. Run `/signup` first.',
  UNAUTHENTICATED: 'Bloxtr8 could not tell who you are. Try again in a moment.',
  SIGNUP_REQUIRED: 'You have not signed up yet. Run `/signup` first.',
  SESSION_INVALID: 'Your web session is not valid; sign in again.',
  SESSION_EXPIRED: 'Your web session expired; sign in again.',
  SESSION_REVOKED: 'Your web session was ended; sign in again.',
  NOT_A_SESSION: 'That needs a signed-in web session.',
  CSRF_TOKEN_INVALID: 'The page is out of date; reload it and try again.',
  BOT_CREDENTIAL_FROM_BROWSER: 'Bloxtr8 refused this request. Use the bot or the web app.',
  BOT_CREDENTIAL_INVALID:
    'The bot is misconfigured (its API credential was refused). Tell the server admins.',
  BOT_CREDENTIAL_REQUIRED: 'Only the Discord bot can do this.',
  BOT_CREDENTIAL_NOT_ALLOWED:
    'That is done on the web, not in Discord: sign in on the Bloxtr8 site.',
  CREDENTIAL_UNSUPPORTED: 'Bloxtr8 refused this request. Use the bot or the web app.',
  DISCORD_USER_ID_INVALID: 'Discord sent an id Bloxtr8 does not understand. Try again.',
  FORBIDDEN: 'You are not allowed to do that.',
  USER_NOT_FOUND: 'That user is not on Bloxtr8.',
  OWN_ROLE_CHANGE: 'You cannot change your own role; another admin must do it.',
  OWN_TIER_CHANGE: 'You cannot change your own tier; another moderator must do it.',
  TIER_PREREQUISITE: 'A verified-seller badge needs a linked Roblox account first.',
  TIER_TOO_LOW: 'Link your Roblox account first: run `/link`.',
  RATE_LIMITED: 'Slow down a little: too many requests. Try again in a minute.',
  DISCORD_UNAVAILABLE: 'Discord could not be reached. Try again in a few minutes.',
  OAUTH_STATE_INVALID: 'That link expired or was used already. Run `/link` again.',
  OAUTH_STATE_MISMATCH: 'That link was started by another account. Run `/link` again.',
  OAUTH_DENIED: 'Roblox did not authorise the link. Run `/link` to try again.',
  OAUTH_CODE_REJECTED: 'Roblox refused the link. Run `/link` to try again.',
  LINK_SIGN_IN_REQUIRED:
    'Sign in with Discord in that browser to finish linking, then run `/link` again.',
  // Roblox and games
  ROBLOX_ALREADY_LINKED: 'Your Roblox account is already linked.',
  ROBLOX_ACCOUNT_TAKEN: 'That Roblox account is linked to another Bloxtr8 account.',
  ROBLOX_NOT_LINKED: 'Link your Roblox account first: run `/link`.',
  ROBLOX_UNAVAILABLE: 'Roblox could not be reached. Try again in a few minutes.',
  ROBLOX_RATE_LIMITED: 'Roblox is busy right now. Try again in a minute.',
  GAME_NOT_FOUND: 'Roblox knows no game with that id. Check the universe id.',
  ROBLOX_RELINK_REQUIRED:
    'Link your Roblox account again (`/link`, same account) so we can read your group role.',
  OWNERSHIP_LOST: 'The seller no longer controls this game on Roblox, so the trade cannot go on.',
  SELLER_RELINK_REQUIRED: 'The seller must link their Roblox account again before this can go on.',
  GAME_NOT_OWNED:
    'Your Roblox account does not control that game (owner, or group owner/admin/developer).',
  // Listings and offers
  GUILD_REQUIRED:
    'A PRIVATE listing must be made inside a server. Run it there, or make it PUBLIC.',
  LISTING_EXISTS: 'That game is listed already.',
  LISTING_NOT_FOUND: 'That listing does not exist (or is private to another server).',
  NOT_SELLER: 'Only the seller can do that.',
  LISTING_SOLD: 'That listing is sold.',
  LISTING_NOT_ACTIVE: 'That listing is no longer for sale.',
  LISTING_UNDER_CONTRACT: 'Another offer on this listing was accepted; its contract stands.',
  SELF_OFFER: 'You cannot make an offer on your own listing.',
  OFFER_ABOVE_PRICE: 'An offer cannot be above the asking price.',
  OFFER_ALREADY_PENDING: 'You already have an open offer on this listing.',
  OFFER_NOT_FOUND: 'That offer does not exist.',
  OWN_OFFER: 'You cannot answer your own offer; the other party does.',
  OFFER_NOT_PENDING: 'That offer was answered already.',
  OFFER_EXPIRED: 'That offer has expired.',
  INVALID_CURSOR: 'That page is out of date. Run the search again.',
  DRAFT_TOO_LARGE: 'That is too much to keep as a draft.',
  DRAFT_NOT_FOUND: 'Your draft expired (drafts last 30 minutes). Start again.',
  // Contracts
  CONTRACT_NOT_FOUND: 'That contract does not exist, or you are not one of its parties.',
  CONFIRMATION_REQUIRED: 'To sign, type exactly `I AGREE`.',
  NOT_A_PARTY: 'Only the buyer and the seller sign a contract.',
  CONTRACT_NOT_PENDING: 'That contract no longer takes signatures.',
  CONTRACT_EXPIRED: 'That contract expired unsigned. Make a new offer.',
  PDF_HASH_MISMATCH: 'The contract changed since you saw it. View it again before signing.',
  SIGN_LINK_INVALID: 'That signing link is not valid. Ask for a new one.',
  SIGN_LINK_USED: 'That signing link was used already. Ask for a new one.',
  SIGN_LINK_EXPIRED: 'That signing link expired. Ask for a new one.',
  // Escrow (the gateway's refusals)
  ESCROW_NOT_FOUND: 'That escrow does not exist, or it is not yours.',
  NOT_YOUR_ACTION: 'That step is not yours to take in this trade.',
  OWN_TRADE: 'Staff do not settle their own trades; another moderator must.',
  IDEMPOTENCY_KEY_REUSED: 'That click was already used for something else. Try again.',
  INVALID_IDEMPOTENCY_KEY: 'Bloxtr8 refused the request. Try again.',
  COMMAND_NOT_FOUND: 'Bloxtr8 lost track of that request. Look at the escrow again.',
  // Wallets and USDC deposits
  CHALLENGE_NOT_FOUND: 'That wallet challenge does not exist. Ask for a new one.',
  CHALLENGE_EXPIRED:
    'That wallet challenge expired. Ask for a new one and sign it within 10 minutes.',
  CHALLENGE_USED: 'That wallet challenge was used already. Ask for a new one.',
  WALLET_SIGNATURE_INVALID: 'That signature is not the wallet’s signature of the challenge.',
  WALLET_REFUSED: 'That wallet did not pass screening, so Bloxtr8 cannot use it.',
  SCREENING_UNAVAILABLE: 'Wallet screening is unavailable right now. Try again in a few minutes.',
  WALLET_ALREADY_REGISTERED:
    'You registered another wallet for this already. Ask support to change it.',
  WALLET_TAKEN: 'That wallet belongs to another Bloxtr8 user.',
  DEPOSIT_NOT_FOUND: 'That deposit does not exist.',
  DEPOSIT_NOT_IN_REVIEW: 'That deposit is not waiting for a moderator any more.',
  // Provider webhooks (Stripe calls these routes, never a person; listed so every code reads well)
  WEBHOOKS_NOT_CONFIGURED: 'Payments are not set up on this Bloxtr8. Tell the server admins.',
  WEBHOOK_SIGNATURE_INVALID: 'Bloxtr8 refused that payment notice: its signature is not valid.',
  WEBHOOK_EVENT_MALFORMED: 'Bloxtr8 refused that payment notice: it is not well-formed.',
  // Escrow (the escrow's reasons for rejecting a command)
  ESCROW_ALREADY_EXISTS: 'That escrow exists already.',
  ESCROW_CLOSED: 'That trade is closed; nothing more can happen to it.',
  INVALID_TRANSITION: 'That step does not fit where the trade is now. Look at the escrow again.',
  SETTLEMENT_IN_PROGRESS: 'Money is moving for this trade right now. Wait a moment.',
  NO_SETTLEMENT_PENDING: 'No payout or refund is under way for this trade.',
  ACTOR_NOT_BUYER: 'Only the buyer can do that.',
  ACTOR_NOT_SELLER: 'Only the seller can do that.',
  ACTOR_NOT_PARTY: 'Only the buyer or the seller can do that.',
  ACTOR_NOT_ADMIN: 'Only a moderator can do that.',
  ACTOR_NOT_SYSTEM: 'Only Bloxtr8 itself does that.',
  SAME_PARTY: 'Buyer and seller must be different people.',
  INVALID_AMOUNT: 'The amount is not valid.',
  RAIL_MISMATCH: 'The payment method does not match the amount.',
  AMOUNT_MISMATCH: 'The amount paid does not match the trade.',
  CURRENCY_MISMATCH: 'The currency paid does not match the trade.',
  DUPLICATE_PAYMENT: 'That payment was counted already.',
  TIMEOUT_NOT_REACHED: 'It is not time for that yet.',
  // Discord servers
  MARKETPLACE_NOT_SET_UP:
    'This server has no marketplace channels yet: a server manager runs `/marketplace setup`.',
  // Payouts
  PAYOUT_ACCOUNT_MISSING: 'Set up your payouts first: run `/payout`.',
  PAYOUT_ACCOUNT_TAKEN: 'That payout account belongs to another user.',
  STRIPE_UNAVAILABLE: 'Stripe could not be reached. Try again in a few minutes.',
  // The framework's own refusals (the bot never sends such requests, but says so if it does)
  VALIDATION_FAILED: 'Something you entered is not valid. Check it and try again.',
  BAD_REQUEST: 'Bloxtr8 could not understand the request. Try again.',
  MALFORMED_BODY: 'Bloxtr8 could not understand the request. Try again.',
  BODY_TOO_LARGE: 'That is too long. Shorten it and try again.',
  UNSUPPORTED_MEDIA_TYPE: 'Bloxtr8 could not understand the request. Try again.',
  NOT_FOUND: 'Bloxtr8 does not know that.',
  PATH_PARAMETER_TOO_LONG: 'That id is far too long. Check it.',
  MALFORMED_URL: 'That id is not valid. Check it.',
  HEADERS_TOO_LARGE: 'Bloxtr8 could not understand the request. Try again.',
  MALFORMED_REQUEST: 'Bloxtr8 could not understand the request. Try again.',
  REQUEST_TIMEOUT: 'Bloxtr8 took too long. Try again.',
  UPSTREAM: 'A provider Bloxtr8 depends on failed. Try again in a few minutes.',
  INTERNAL: 'Something went wrong on our side. Try again in a moment.',
  DATABASE_UNAVAILABLE: 'Bloxtr8 is having trouble right now. Try again in a few minutes.',
  MIGRATIONS_PENDING: 'Bloxtr8 is being upgraded. Try again in a few minutes.',
};

/** The reader's message for a refusal code (the API's own title for a code this table lacks). */
export function messageForRefusal(problem: Pick<ApiProblem, 'code' | 'title'>): string {
  return REFUSAL_MESSAGES[problem.code] ?? `Bloxtr8 refused: ${problem.title}`;
}

import type { Database } from '@bloxtr8/db';
import type { LinkPayoutFailure, RequestContext } from '@bloxtr8/identity';
import { findLinkedPayoutAccount, linkPayoutAccount } from '@bloxtr8/identity';
import type { Result } from '@bloxtr8/platform';
import { err, ok } from '@bloxtr8/platform';
import type { Stripe } from 'stripe';
import type { RailFailure } from '../rails/payment-rail.ts';
import { failureFromStripeError } from '../rails/stripe/stripe.mapping.ts';

/**
 * STRIPE_UNAVAILABLE: a Stripe call failed (`failure` says how; the caller may retry, nothing is
 * duplicated). USER_NOT_FOUND, PAYOUT_ACCOUNT_TAKEN: see `linkPayoutAccount`.
 */
export type PayoutOnboardingFailure =
  | { readonly code: 'STRIPE_UNAVAILABLE'; readonly failure: RailFailure }
  | { readonly code: LinkPayoutFailure };

export interface StartPayoutOnboardingOptions {
  readonly userId: string;
  /** Where Stripe sends the seller once they finished onboarding. */
  readonly returnUrl: string;
  /** Where Stripe sends the seller when the link expired or was used: it must make a new one. */
  readonly refreshUrl: string;
  readonly context: RequestContext;
}

export interface PayoutOnboarding {
  readonly accountId: string;
  /** Stripe's hosted onboarding for this account: single use, valid a few minutes. */
  readonly onboardingUrl: string;
  readonly payoutsEnabled: boolean;
}

export interface PayoutAccountStatus {
  readonly accountId: string;
  readonly detailsSubmitted: boolean;
  readonly payoutsEnabled: boolean;
}

type StripeResult<Value> = Result<Value, PayoutOnboardingFailure>;

async function callStripe<Value>(call: () => Promise<Value>): Promise<StripeResult<Value>> {
  try {
    return ok(await call());
  } catch (error) {
    return err({ code: 'STRIPE_UNAVAILABLE', failure: failureFromStripeError(error) });
  }
}

/**
 * One Stripe account per user, even when onboarding is started twice at once or retried after a
 * failure: Stripe returns the first creation's account for a repeated idempotency key.
 */
export const payoutAccountIdempotencyKey = (userId: string) => `payout-account:${userId}`;

/**
 * Starts (or resumes) a seller's Stripe Connect onboarding: creates their Express account unless
 * they have one, records it in identity with its audit entry in one transaction, and returns a
 * fresh onboarding link. The Stripe call stays outside the transaction; a link insert lost after
 * the account was made is repaired by the next attempt, which gets the same account back.
 */
export async function startPayoutOnboarding(
  db: Database,
  stripe: Stripe,
  options: StartPayoutOnboardingOptions,
): Promise<StripeResult<PayoutOnboarding>> {
  const account = await ensurePayoutAccount(db, stripe, options);
  if (!account.ok) return account;
  const link = await callStripe(() =>
    stripe.accountLinks.create({
      account: account.value.id,
      type: 'account_onboarding',
      return_url: options.returnUrl,
      refresh_url: options.refreshUrl,
    }),
  );
  if (!link.ok) return link;
  return ok({
    accountId: account.value.id,
    onboardingUrl: link.value.url,
    payoutsEnabled: account.value.payouts_enabled,
  });
}

async function ensurePayoutAccount(
  db: Database,
  stripe: Stripe,
  options: StartPayoutOnboardingOptions,
): Promise<StripeResult<Stripe.Account>> {
  const { userId, context } = options;
  const linked = await findLinkedPayoutAccount(db, userId);
  if (linked !== undefined) return callStripe(() => stripe.accounts.retrieve(linked.accountId));
  const created = await callStripe(() =>
    stripe.accounts.create(
      {
        type: 'express',
        capabilities: { transfers: { requested: true } },
        metadata: { user_id: userId },
      },
      { idempotencyKey: payoutAccountIdempotencyKey(userId) },
    ),
  );
  if (!created.ok) return created;
  const accountId = created.value.id;
  const link = await db.transaction((tx) => linkPayoutAccount(tx, { userId, accountId, context }));
  if (!link.ok) return err({ code: link.error });
  if (link.value.accountId === accountId) return created;
  // The user had another account linked meanwhile (by an admin, say): that one is paid into.
  return callStripe(() => stripe.accounts.retrieve(link.value.accountId));
}

/** The user's payout account as Stripe sees it now, or `undefined` when they have none. */
export async function payoutAccountStatus(
  db: Database,
  stripe: Stripe,
  userId: string,
): Promise<StripeResult<PayoutAccountStatus | undefined>> {
  const linked = await findLinkedPayoutAccount(db, userId);
  if (linked === undefined) return ok(undefined);
  const account = await callStripe(() => stripe.accounts.retrieve(linked.accountId));
  if (!account.ok) return account;
  return ok({
    accountId: account.value.id,
    detailsSubmitted: account.value.details_submitted,
    payoutsEnabled: account.value.payouts_enabled,
  });
}

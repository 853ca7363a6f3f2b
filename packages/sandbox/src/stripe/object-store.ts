import type { Stripe } from 'stripe';

/**
 * A connected account the platform may transfer to: registered through the control API, or
 * created through `POST /v1/accounts` and onboarded on the sandbox page. The double keeps what a
 * transfer and onboarding need; Stripe's full Account object is not modelled.
 */
export interface ConnectedAccount {
  readonly id: string;
  readonly object: 'account';
  readonly type: 'express';
  readonly country: string;
  readonly default_currency: string;
  readonly email: string | null;
  readonly metadata: Readonly<Record<string, string>>;
  /** Whether the account's `transfers` capability is active, so it can receive transfers. */
  readonly transfers_enabled: boolean;
  readonly charges_enabled: boolean;
  readonly payouts_enabled: boolean;
  readonly details_submitted: boolean;
  readonly created: number;
}

/** An onboarding link handed out by `POST /v1/account_links`: single use, short-lived. */
export interface AccountLinkRecord {
  readonly account: string;
  readonly refreshUrl: string;
  readonly returnUrl: string;
  readonly expiresAt: number;
}

/** An event as Stripe sends it: `evt_…`, `type`, `data.object`, `request`, `pending_webhooks`… */
export type StripeEvent = Stripe.EventBase;

/**
 * Everything the double has created, in memory and in creation order. It is bounded: once it
 * holds `objectsMax` objects, further creations fail until it is reset, so a long-running sandbox
 * cannot grow without limit.
 */
export class ObjectStore {
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly transfers = new Map<string, Stripe.Transfer>();
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly events = new Map<string, StripeEvent>();
  readonly accounts = new Map<string, ConnectedAccount>();
  /** Unused onboarding links by their token. */
  readonly accountLinks = new Map<string, AccountLinkRecord>();
  /** When each PaymentIntent becomes visible to search: Stripe's search index lags writes. */
  readonly searchableAtMs = new Map<string, number>();
  /**
   * When each succeeded charge's funds become available (its balance transaction's
   * `available_on`, in seconds): until then they are pending and only a transfer naming the
   * charge as `source_transaction` may use them.
   */
  readonly fundsAvailableOn = new Map<string, number>();
  readonly objectsMax: number;

  constructor(objectsMax: number) {
    this.objectsMax = objectsMax;
  }

  isFull(): boolean {
    const held =
      this.paymentIntents.size +
      this.charges.size +
      this.transfers.size +
      this.refunds.size +
      this.events.size +
      this.accounts.size +
      this.accountLinks.size;
    return held >= this.objectsMax;
  }

  clear(): void {
    for (const collection of [
      this.paymentIntents,
      this.charges,
      this.transfers,
      this.refunds,
      this.events,
      this.accounts,
      this.accountLinks,
      this.searchableAtMs,
      this.fundsAvailableOn,
    ]) {
      collection.clear();
    }
  }
}

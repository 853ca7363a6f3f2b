-- Settlement safety (ADR 0014): the charge a release names as its source, the buyer's client
-- secret kept by payments instead of travelling on the bus, releases held until the seller can be
-- paid, and raw webhook bodies pruned after the webhook retention.

-- The charge that carried the buyer's money (the PaymentIntent's latest_charge): transfers name it
-- as source_transaction, so a release may go out while the card funds are still pending.
alter table payments.stripe_escrow_details add column charge_id text;

-- Stripe's client secret, a bearer credential for paying: the gateway hands it to the buyer while
-- funds are awaited; it is cleared once the payment succeeded or was cancelled.
alter table payments.stripe_escrow_details add column client_secret text;

-- Escrows awaiting funds when this ran kept their secret only in the read model: carry it over
-- once, before the read model's column goes (projections never held it anywhere else).
update payments.stripe_escrow_details d
   set client_secret = v.client_secret
  from projections.escrow_views v
 where v.escrow_id = d.escrow_id and v.client_secret is not null and d.client_secret is null;
alter table projections.escrow_views drop column client_secret;
update projections.escrow_timeline set sealed = sealed - 'clientSecret' where sealed ? 'clientSecret';

-- A release that cannot be paid yet: the seller has no payout account, or the provider says it
-- cannot receive transfers yet. The escrow stays RELEASE_PENDING; the payments sweeper retries the
-- same attempt (the same idempotency key) until it is paid or refused.
create table payments.held_transfers (
  escrow_id uuid not null,
  attempt integer not null check (attempt >= 1),
  seller_id uuid not null,
  rail text not null check (rail in ('STRIPE', 'USDC_BASE')),
  amount_minor bigint not null check (amount_minor > 0),
  fee_minor bigint not null check (fee_minor >= 0),
  currency text not null check (currency in ('USD', 'USDC')),
  provider_payment_id text not null,
  -- The TransferToSeller command that was held: what the sweeper's events are caused by.
  cause_event_id text not null,
  trace_id text not null,
  correlation_id text not null,
  reason text not null check (reason in ('PAYOUT_ACCOUNT_MISSING', 'PAYOUT_ACCOUNT_NOT_READY')),
  held_at timestamptz not null,
  -- When the sweeper looks again; a claim pushes it forward, so replicas do not race.
  next_attempt_at timestamptz not null,
  settled_at timestamptz,
  outcome text check (outcome in ('PAID', 'FAILED')),
  primary key (escrow_id, attempt),
  check ((settled_at is null) = (outcome is null))
);
create index held_transfers_due on payments.held_transfers (next_attempt_at) where settled_at is null;

-- Raw webhook bodies are kept as long as SPEC §6 keeps webhook events (90 days), then cleared; the
-- row (event id, type, the dedupe key, times) stays, so a late redelivery is still recognised.
alter table payments.webhook_events alter column raw_body drop not null;
alter table payments.webhook_events add column raw_body_pruned_at timestamptz;
create index webhook_events_unpruned on payments.webhook_events (received_at)
  where raw_body is not null;

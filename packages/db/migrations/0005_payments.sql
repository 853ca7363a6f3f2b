-- Provider-side facts of each escrow's rail. Only the payments service writes here.
create table payments.stripe_escrow_details (
  escrow_id uuid primary key,
  buyer_id uuid not null,
  seller_id uuid not null,
  -- The trade's correlation id, so events born from webhooks join the trade's trace.
  correlation_id text not null,
  payment_intent_id text unique,
  connected_account_id text,
  transfer_group text not null,
  transfer_id text unique,
  refund_id text unique,
  amount_minor bigint not null check (amount_minor > 0),
  currency text not null check (currency in ('USD')),
  -- Set when the escrow was cancelled before funding: a payment landing afterwards is refunded.
  cancel_requested_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table payments.stablecoin_escrow_details (
  escrow_id uuid primary key,
  network text not null check (network in ('BASE')),
  deposit_address text not null unique check (deposit_address ~ '^0x[0-9a-fA-F]{40}$'),
  amount_minor bigint not null check (amount_minor > 0),
  currency text not null check (currency in ('USDC')),
  deposit_tx_hash text unique check (deposit_tx_hash ~ '^0x[0-9a-fA-F]{64}$'),
  sender_address text check (sender_address ~ '^0x[0-9a-fA-F]{40}$'),
  screening_status text check (screening_status in ('ACCEPTED', 'REVIEW', 'REJECTED')),
  screening_risk_score integer check (screening_risk_score between 0 and 100),
  release_tx_hash text unique,
  refund_tx_hash text unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Every object a provider created for us, under the provider's own id.
create table payments.payment_artifacts (
  id uuid primary key,
  escrow_id uuid not null,
  rail text not null check (rail in ('STRIPE', 'USDC_BASE')),
  kind text not null check (kind in ('PAYMENT_INTENT', 'TRANSFER', 'REFUND', 'CANCELLATION', 'DEPOSIT_ADDRESS', 'DEPOSIT')),
  provider_id text not null check (length(provider_id) > 0),
  amount_minor bigint not null check (amount_minor >= 0),
  currency text not null check (currency in ('USD', 'USDC')),
  provider_status text not null,
  idempotency_key text,
  raw jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (rail, kind, provider_id),
  unique (idempotency_key)
);
create index payment_artifacts_escrow on payments.payment_artifacts (escrow_id);

-- Each webhook once: verified first, then kept under the provider's event id.
create table payments.webhook_events (
  id uuid primary key,
  provider text not null check (provider in ('STRIPE', 'CUSTODIAN')),
  provider_event_id text not null check (length(provider_event_id) > 0),
  event_type text not null,
  raw_body text not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  unique (provider, provider_event_id)
);

create table payments.reconciliation_discrepancies (
  id uuid primary key,
  escrow_id uuid not null,
  rail text not null check (rail in ('STRIPE', 'USDC_BASE')),
  kind text not null check (kind in ('PAYMENT_NOT_RECORDED', 'STATE_MISMATCH', 'AMOUNT_MISMATCH', 'LEDGER_IMBALANCE')),
  platform_state text not null,
  provider_state text not null,
  detail text not null default '',
  found_at timestamptz not null default now(),
  resolved_at timestamptz
);
create index reconciliation_open on payments.reconciliation_discrepancies (escrow_id) where resolved_at is null;

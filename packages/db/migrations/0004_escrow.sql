-- The current state of each escrow, derived from its event log and kept beside it in the same
-- transaction. Only the escrow service writes here.
create table escrow.escrows (
  id uuid primary key,
  contract_id uuid not null unique,
  offer_id uuid not null,
  listing_id uuid not null,
  buyer_id uuid not null,
  seller_id uuid not null,
  amount_minor bigint not null check (amount_minor > 0),
  currency text not null check (currency in ('USD', 'USDC')),
  rail text not null check (rail in ('STRIPE', 'USDC_BASE')),
  network text check (network in ('BASE')),
  seller_payout_ref text not null default '',
  state text not null check (state in (
    'AWAIT_FUNDS', 'FUNDS_HELD', 'DELIVERED', 'DISPUTED',
    'RELEASE_PENDING', 'REFUND_PENDING', 'RELEASED', 'REFUNDED', 'CANCELLED')),
  -- While money is in flight: kind, the state to return to if the provider fails, attempt, fee.
  settlement jsonb,
  settlement_attempts integer not null default 0 check (settlement_attempts >= 0),
  provider_payment_id text unique,
  -- Number of events in the log; the next event gets version + 1.
  version integer not null check (version > 0),
  state_entered_at timestamptz not null,
  funding_deadline_at timestamptz,
  auto_release_at timestamptz,
  disputed_at timestamptz,
  dispute_alerted_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (buyer_id <> seller_id),
  check ((currency = 'USDC') = (network is not null)),
  check ((rail = 'USDC_BASE') = (currency = 'USDC')),
  check ((state in ('RELEASE_PENDING', 'REFUND_PENDING')) = (settlement is not null))
);
-- The timeout sweeper's three questions, each answered by an index.
create index escrows_funding_deadline on escrow.escrows (funding_deadline_at) where state = 'AWAIT_FUNDS';
create index escrows_auto_release on escrow.escrows (auto_release_at) where state = 'DELIVERED';
create index escrows_dispute_age on escrow.escrows (disputed_at)
  where state = 'DISPUTED' and dispute_alerted_at is null;
create index escrows_buyer on escrow.escrows (buyer_id);
create index escrows_seller on escrow.escrows (seller_id);

-- Every transition, forever: the escrow's history and the source of truth for replays.
create table escrow.escrow_events (
  escrow_id uuid not null references escrow.escrows (id),
  version integer not null check (version > 0),
  event_id uuid not null unique,
  event_type text not null,
  -- The event exactly as published (protobuf), and a readable copy for operators and audits.
  payload bytea not null,
  payload_json jsonb not null,
  causation_id uuid,
  correlation_id text not null,
  occurred_at timestamptz not null,
  recorded_at timestamptz not null default now(),
  primary key (escrow_id, version)
);
create trigger escrow_events_append_only before update or delete on escrow.escrow_events
  for each row execute function platform.refuse_change();
create trigger escrow_events_no_truncate before truncate on escrow.escrow_events
  for each statement execute function platform.refuse_change();

create table escrow.deliveries (
  id uuid primary key,
  escrow_id uuid not null unique references escrow.escrows (id),
  delivered_by uuid not null,
  note text not null default '' check (length(note) <= 2000),
  delivered_at timestamptz not null
);

create table escrow.disputes (
  id uuid primary key,
  escrow_id uuid not null references escrow.escrows (id),
  raised_by uuid not null,
  reason text not null check (reason in ('NOT_DELIVERED', 'NOT_AS_DESCRIBED', 'BUYER_UNRESPONSIVE', 'OTHER')),
  detail text not null default '' check (length(detail) <= 4000),
  status text not null default 'OPEN' check (status in ('OPEN', 'RESOLVED')),
  outcome text check (outcome in ('RELEASE', 'REFUND')),
  resolved_by uuid,
  resolution_note text,
  raised_at timestamptz not null,
  resolved_at timestamptz,
  check ((status = 'RESOLVED') = (outcome is not null and resolved_at is not null and resolved_by is not null))
);
create unique index disputes_one_open_per_escrow on escrow.disputes (escrow_id) where status = 'OPEN';

-- What became of every command: applied, or rejected with a stable reason code the caller sees.
create table escrow.command_outcomes (
  command_event_id uuid primary key,
  escrow_id uuid not null,
  command_type text not null,
  outcome text not null check (outcome in ('APPLIED', 'REJECTED')),
  reason_code text,
  detail text,
  recorded_at timestamptz not null default now(),
  check ((outcome = 'REJECTED') = (reason_code is not null))
);
create index command_outcomes_escrow on escrow.command_outcomes (escrow_id);

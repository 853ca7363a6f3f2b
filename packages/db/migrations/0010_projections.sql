-- Read models for queries (SPEC §7), owned by the projections service and fed only by events from
-- the bus. Every table here can be emptied and rebuilt by replaying the topics (ADR 0009), so none
-- of them is evidence: the escrow's own event log is. The schema and projections.inbox already
-- exist (0001, 0007).

-- The current generation of the read models. Consumer group ids carry it, so a rebuild (truncate,
-- bump) makes fresh groups that start from the earliest offsets and replay everything.
create table projections.generation (
  singleton boolean primary key default true check (singleton),
  generation integer not null check (generation >= 1),
  started_at timestamptz not null default now()
);
insert into projections.generation (generation) values (1);

-- One row per escrow, the fold of everything its timeline holds (services/projections
-- fold-escrow-view.ts): the gateway answers GET /api/escrow/:id with one primary-key read. Columns
-- are null until an event says what they are; events of one escrow arrive on two topics in any
-- interleaving, and the fold over the whole set gives the same row whatever the order.
create table projections.escrow_views (
  escrow_id uuid primary key,
  contract_id uuid,
  offer_id uuid,
  listing_id uuid,
  buyer_id uuid,
  seller_id uuid,
  amount_minor bigint check (amount_minor > 0),
  currency text check (currency in ('USD', 'USDC')),
  rail text check (rail in ('STRIPE', 'USDC_BASE')),
  network text check (network in ('BASE')),
  state text check (state in (
    'AWAIT_FUNDS', 'FUNDS_HELD', 'DELIVERED', 'DISPUTED',
    'RELEASE_PENDING', 'REFUND_PENDING', 'RELEASED', 'REFUNDED', 'CANCELLED')),
  -- What the buyer needs to pay: Stripe's client secret (only while funds are awaited) or the
  -- USDC deposit address.
  provider_payment_id text,
  client_secret text,
  deposit_address text,
  funding_deadline_at timestamptz,
  funded_at timestamptz,
  delivered_at timestamptz,
  auto_release_at timestamptz,
  -- Money in flight (RELEASE_PENDING / REFUND_PENDING).
  settlement_kind text check (settlement_kind in ('RELEASE', 'REFUND')),
  settlement_attempt integer check (settlement_attempt >= 1),
  dispute_raised_by text,
  dispute_reason text,
  dispute_detail text,
  disputed_at timestamptz,
  disputed_from text,
  dispute_stale_at timestamptz,
  dispute_resolution text check (dispute_resolution in ('RELEASE', 'REFUND')),
  dispute_resolved_by text,
  dispute_resolved_at timestamptz,
  fee_minor bigint check (fee_minor >= 0),
  payout_minor bigint check (payout_minor >= 0),
  refunded_minor bigint check (refunded_minor >= 0),
  provider_transfer_id text,
  provider_refund_id text,
  closed_reason text,
  closed_at timestamptz,
  last_failure_kind text check (last_failure_kind in ('RELEASE', 'REFUND')),
  last_failure_code text,
  last_failure_message text,
  last_failure_at timestamptz,
  created_at timestamptz,
  -- The escrow's own last change (escrow.events.v1) and the newest event of either topic.
  updated_at timestamptz,
  last_event_at timestamptz,
  events_applied integer not null default 0 check (events_applied >= 0),
  -- When this row was last written: projection time, not event time (the only column a rebuild
  -- does not reproduce).
  projected_at timestamptz not null
);
-- A user's trades, newest first: one index per side, each read in order with a limit and merged
-- (list-user-trades.ts), so keyset pages cost two short index range scans.
create index escrow_views_buyer on projections.escrow_views (buyer_id, created_at desc, escrow_id desc)
  where buyer_id is not null;
create index escrow_views_seller on projections.escrow_views (seller_id, created_at desc, escrow_id desc)
  where seller_id is not null;
-- The moderators' dispute queue, oldest first: only escrows currently DISPUTED are in the index.
create index escrow_views_dispute_queue on projections.escrow_views (disputed_at, escrow_id)
  where state = 'DISPUTED';

-- Every event of an escrow (escrow.events.v1, and the payment events that concern the buyer's
-- payment and the settlement), once, in order of occurrence with the event id as a stable
-- tiebreak (UUIDv7: creation order within a process).
create table projections.escrow_timeline (
  escrow_id uuid not null,
  occurred_at timestamptz not null,
  event_id uuid not null unique,
  source_topic text not null,
  event_type text not null,
  -- A user id, or e.g. 'platform' for the sweeper; null when the event has no actor.
  actor_id text,
  causation_id uuid,
  -- Shown to callers: ids, amounts, reasons and codes; never personal data or secrets.
  detail jsonb not null default '{}',
  -- Needed by the fold but never shown: the Stripe client secret, the parties' free text.
  sealed jsonb not null default '{}',
  primary key (escrow_id, occurred_at, event_id)
);

-- What became of each escrow command: ACCEPTED once seen on escrow.commands.v1, then APPLIED when
-- an escrow event caused by it arrives, or REJECTED with the escrow's reason code.
create table projections.command_statuses (
  command_id uuid primary key,
  escrow_id uuid not null,
  command_type text,
  status text not null check (status in ('ACCEPTED', 'APPLIED', 'REJECTED')),
  reason_code text,
  detail text,
  accepted_at timestamptz,
  -- The earliest outcome event decides; later ones of the same command only confirm it.
  decided_at timestamptz,
  decided_by_event_id uuid,
  check ((status = 'ACCEPTED') = (decided_at is null)),
  check ((status = 'REJECTED') = (reason_code is not null))
);
create index command_statuses_escrow on projections.command_statuses (escrow_id);

-- Dead letters per <topic>.dlq and consumer group: how many arrived, when, and the latest error.
-- Replays are not events, so this counts letters ever received (within the DLQ's 30 days).
create table projections.dlq_overview (
  dlq_topic text not null,
  consumer_group text not null,
  origin_topic text not null,
  dead_letters bigint not null check (dead_letters > 0),
  oldest_failed_at timestamptz not null,
  newest_failed_at timestamptz not null,
  last_dead_letter_id uuid not null,
  last_error_kind text not null,
  last_error_type text not null,
  last_error_message text not null,
  last_origin_partition integer not null,
  last_origin_offset bigint not null,
  primary key (dlq_topic, consumer_group)
);

-- How far each consumer group of the current generation got, per partition: the newest event it
-- projected (for lag when the bus cannot count messages) and how many it handled.
create table projections.consumer_progress (
  consumer_group text not null,
  topic text not null,
  partition integer not null check (partition >= 0),
  last_offset bigint not null check (last_offset >= 0),
  newest_event_at timestamptz not null,
  last_handled_at timestamptz not null,
  handled bigint not null check (handled > 0),
  primary key (consumer_group, topic, partition)
);

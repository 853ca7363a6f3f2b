-- Discord servers the bot is installed in; PRIVATE listings are visible in their own guild only.
create table marketplace.guilds (
  id text primary key check (id ~ '^[0-9]{5,25}$'),
  name text not null,
  installed_at timestamptz not null default now()
);

-- A Roblox experience as it was when a listing was made: what the buyer agreed to buy.
create table marketplace.game_snapshots (
  id uuid primary key,
  universe_id bigint not null check (universe_id > 0),
  root_place_id bigint check (root_place_id > 0),
  name text not null,
  description text not null default '',
  thumbnail_url text,
  visits bigint not null default 0 check (visits >= 0),
  playing integer not null default 0 check (playing >= 0),
  game_created_at timestamptz,
  captured_at timestamptz not null default now()
);

-- Proof that a user controls a game: owner, or admin/developer through a group. Cached 24 h.
create table marketplace.asset_verifications (
  id uuid primary key,
  user_id uuid not null,
  universe_id bigint not null check (universe_id > 0),
  verified boolean not null,
  method text check (method in ('OWNER', 'GROUP_OWNER', 'GROUP_ADMIN', 'GROUP_DEVELOPER')),
  group_id bigint,
  checked_at timestamptz not null default now(),
  expires_at timestamptz not null,
  check (verified = (method is not null)),
  unique (user_id, universe_id)
);

create table marketplace.listings (
  id uuid primary key,
  seller_id uuid not null,
  universe_id bigint not null check (universe_id > 0),
  snapshot_id uuid not null references marketplace.game_snapshots (id),
  title varchar(255) not null check (length(title) > 0),
  summary varchar(1000) not null,
  price_minor bigint not null check (price_minor > 0),
  currency text not null default 'USD' check (currency in ('USD')),
  category varchar(100) not null,
  visibility text not null check (visibility in ('PUBLIC', 'PRIVATE')),
  guild_id text references marketplace.guilds (id),
  channel_id text,
  thread_id text,
  status text not null default 'ACTIVE' check (status in ('ACTIVE', 'INACTIVE', 'SOLD')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (visibility = 'PUBLIC' or guild_id is not null)
);
create index listings_status_price on marketplace.listings (status, price_minor);
create index listings_seller on marketplace.listings (seller_id);
-- One live listing per game: a game cannot be sold twice at once.
create unique index listings_one_active_per_game on marketplace.listings (universe_id)
  where status = 'ACTIVE';

create table marketplace.offers (
  id uuid primary key,
  listing_id uuid not null references marketplace.listings (id),
  buyer_id uuid not null,
  seller_id uuid not null,
  amount_minor bigint not null check (amount_minor > 0),
  currency text not null default 'USD' check (currency in ('USD')),
  status text not null default 'PENDING'
    check (status in ('PENDING', 'ACCEPTED', 'COUNTERED', 'DECLINED', 'EXPIRED')),
  parent_offer_id uuid references marketplace.offers (id),
  -- Who made this offer: the buyer, or the seller when it is a counter-offer.
  proposed_by uuid not null,
  message text check (length(message) <= 1000),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  check (buyer_id <> seller_id),
  check (proposed_by in (buyer_id, seller_id)),
  check (expires_at > created_at)
);
create index offers_listing on marketplace.offers (listing_id, status);
create index offers_pending_expiry on marketplace.offers (expires_at) where status = 'PENDING';
-- A counter-offer answers one offer once.
create unique index offers_one_counter_per_parent on marketplace.offers (parent_offer_id)
  where parent_offer_id is not null;

-- Keeps a multi-step Discord flow from losing what the user typed. One per user and listing.
create table marketplace.offer_drafts (
  user_id uuid not null,
  listing_id uuid not null references marketplace.listings (id),
  data jsonb not null default '{}',
  updated_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (user_id, listing_id)
);

create table marketplace.contract_templates (
  version text primary key check (version ~ '^[0-9]+\.[0-9]+\.[0-9]+$'),
  body text not null,
  created_at timestamptz not null default now()
);
create trigger contract_templates_immutable before update or delete on marketplace.contract_templates
  for each row execute function platform.refuse_change();

create table marketplace.contracts (
  id uuid primary key,
  offer_id uuid not null unique references marketplace.offers (id),
  listing_id uuid not null references marketplace.listings (id),
  buyer_id uuid not null,
  seller_id uuid not null,
  amount_minor bigint not null check (amount_minor > 0),
  currency text not null check (currency in ('USD', 'USDC')),
  rail text not null check (rail in ('STRIPE', 'USDC_BASE')),
  template_version text not null references marketplace.contract_templates (version),
  snapshot_id uuid not null references marketplace.game_snapshots (id),
  pdf_sha256 char(64) not null check (pdf_sha256 ~ '^[0-9a-f]{64}$'),
  pdf_location text not null,
  status text not null default 'PENDING_SIGNATURE'
    check (status in ('PENDING_SIGNATURE', 'EXECUTING', 'EXECUTED', 'EXECUTION_FAILED', 'VOID')),
  -- Assigned when the contract executes, so that the escrow it opens has a stable id.
  escrow_id uuid unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  executed_at timestamptz,
  voided_at timestamptz,
  check (buyer_id <> seller_id),
  check ((status = 'EXECUTED') = (executed_at is not null)),
  check (status <> 'EXECUTED' or escrow_id is not null)
);
create index contracts_pending_expiry on marketplace.contracts (expires_at)
  where status = 'PENDING_SIGNATURE';

-- Magic links for web signing: 32-byte token (hash kept), 15 minutes, single use, bound to one
-- user and one contract.
create table marketplace.sign_tokens (
  token_hash bytea primary key check (length(token_hash) = 32),
  contract_id uuid not null references marketplace.contracts (id),
  user_id uuid not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  consumed_at timestamptz,
  check (expires_at > created_at)
);

-- A signature never changes and never disappears; one per user per contract.
create table marketplace.signatures (
  id uuid primary key,
  contract_id uuid not null references marketplace.contracts (id),
  user_id uuid not null,
  method text not null check (method in ('QUICK_SIGN', 'WEB_SIGN')),
  signed_at timestamptz not null default now(),
  ip inet,
  user_agent text,
  pdf_sha256 char(64) not null check (pdf_sha256 ~ '^[0-9a-f]{64}$'),
  unique (contract_id, user_id)
);
create trigger signatures_append_only before update or delete on marketplace.signatures
  for each row execute function platform.refuse_change();

-- Turning two signatures into an executed contract and its event, retried until done.
create table marketplace.contract_execution_jobs (
  contract_id uuid primary key references marketplace.contracts (id),
  status text not null default 'PENDING' check (status in ('PENDING', 'RUNNING', 'DONE', 'FAILED')),
  attempts integer not null default 0 check (attempts >= 0),
  last_error text,
  next_attempt_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

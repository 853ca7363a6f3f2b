-- USDC on Base (ADR 0021, ADR 0022): deposit addresses derived per escrow, deposits followed on
-- chain from a stored cursor, outgoing transfers recorded (signed, with their nonce) before they
-- are broadcast, wallet screening results, and the wallets traders prove they own.

-- The unused placeholder of 0005 is replaced by the tables below.
drop table payments.stablecoin_escrow_details;

-- One row per USDC escrow: what it is owed and where the buyer pays it.
create table payments.usdc_escrows (
  escrow_id uuid primary key,
  buyer_id uuid not null,
  seller_id uuid not null,
  -- The trade's correlation id, so events born on chain join the trade's trace.
  correlation_id text not null,
  deposit_address text not null unique check (deposit_address ~ '^0x[0-9a-f]{40}$'),
  amount_minor bigint not null check (amount_minor > 0),
  -- USDC_CONFIRMATIONS when the escrow opened: what the escrow view counts deposits against.
  confirmations_required integer not null check (confirmations_required >= 1),
  -- Set once deposits add up to the amount: the deposit that completed it, and when.
  funded_at timestamptz,
  funding_tx_hash text check (funding_tx_hash ~ '^0x[0-9a-f]{64}$'),
  -- Set when the escrow was cancelled unfunded: what arrives afterwards is returned.
  cancel_requested_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Every USDC Transfer log into a deposit address. SEEN until it has USDC_CONFIRMATIONS blocks on
-- a block that is still canonical (REORGED when it is not), CONFIRMED until its sender is
-- screened, then ACCEPTED (its money counts), IN_REVIEW (a moderator decides), FROZEN (sanctioned
-- sender: kept for manual review, never sent back) or REJECTED (sent back).
create table payments.usdc_deposits (
  id uuid primary key,
  escrow_id uuid not null,
  deposit_address text not null,
  tx_hash text not null check (tx_hash ~ '^0x[0-9a-f]{64}$'),
  log_index integer not null check (log_index >= 0),
  block_number bigint not null,
  block_hash text not null,
  sender_address text not null check (sender_address ~ '^0x[0-9a-f]{40}$'),
  amount_minor bigint not null check (amount_minor > 0),
  status text not null check (status in ('SEEN', 'REORGED', 'CONFIRMED', 'ACCEPTED', 'IN_REVIEW', 'FROZEN', 'REJECTED')),
  -- What of it counts towards the escrow, and what is (being) sent back to its sender.
  credited_minor bigint not null default 0 check (credited_minor >= 0),
  returned_minor bigint not null default 0 check (returned_minor >= 0),
  screening_id uuid,
  -- The moderator who accepted or returned a deposit held for review.
  decided_by uuid,
  decided_at timestamptz,
  seen_at timestamptz not null default now(),
  confirmed_at timestamptz,
  unique (tx_hash, log_index),
  check (credited_minor + returned_minor <= amount_minor)
);
create index usdc_deposits_escrow on payments.usdc_deposits (escrow_id);
create index usdc_deposits_pending on payments.usdc_deposits (status) where status in ('SEEN', 'CONFIRMED');

-- How far the chain watcher has read: the last block scanned and its hash (a different hash there
-- later means a reorg), and the chain's head when it last looked.
create table payments.chain_cursor (
  name text primary key,
  block_number bigint not null,
  block_hash text not null,
  head_number bigint not null,
  updated_at timestamptz not null default now()
);

-- A release or refund the escrow asked for on this rail, with what its events are caused by.
create table payments.usdc_settlements (
  escrow_id uuid not null,
  kind text not null check (kind in ('RELEASE', 'REFUND')),
  attempt integer not null check (attempt >= 1),
  amount_minor bigint not null check (amount_minor > 0),
  fee_minor bigint not null default 0 check (fee_minor >= 0),
  destination text not null check (destination ~ '^0x[0-9a-f]{40}$'),
  cause_event_id text not null,
  trace_id text not null,
  correlation_id text not null,
  status text not null default 'PENDING' check (status in ('PENDING', 'SUCCEEDED', 'FAILED')),
  failure_code text,
  created_at timestamptz not null default now(),
  settled_at timestamptz,
  primary key (escrow_id, kind, attempt)
);
create index usdc_settlements_pending on payments.usdc_settlements (escrow_id) where status = 'PENDING';

-- Every USDC transfer out of a deposit address: to the seller and the treasury (a release), to the
-- buyer (a refund), or back to a sender (a deposit not accepted, an excess, a late payment).
-- QUEUED rows wait to be signed; a row is SIGNED (with the gas wallet's nonce, the raw transaction
-- and its hash) and committed BEFORE it is broadcast, so a crash in between resends the very same
-- transaction; SENT once the node took it; CONFIRMED after USDC_CONFIRMATIONS blocks; FAILED when
-- it reverted.
create table payments.usdc_transfers (
  id uuid primary key,
  escrow_id uuid not null,
  kind text not null check (kind in ('PAYOUT', 'FEE', 'REFUND', 'RETURN')),
  -- The settlement attempt (PAYOUT, FEE, REFUND) or the deposit (RETURN) it belongs to.
  attempt integer,
  deposit_id uuid,
  idempotency_key text not null unique,
  to_address text not null check (to_address ~ '^0x[0-9a-f]{40}$'),
  amount_minor bigint not null check (amount_minor > 0),
  -- EIP-3009 nonce derived from the idempotency key: the token accepts it once.
  authorization_nonce text not null unique,
  status text not null check (status in ('QUEUED', 'SIGNED', 'SENT', 'CONFIRMED', 'FAILED')),
  signer_address text,
  signer_nonce bigint,
  raw_tx text,
  tx_hash text unique,
  block_number bigint,
  block_hash text,
  created_at timestamptz not null default now(),
  signed_at timestamptz,
  sent_at timestamptz,
  settled_at timestamptz,
  check ((status = 'QUEUED') = (tx_hash is null)),
  check ((kind = 'RETURN') = (deposit_id is not null))
);
create index usdc_transfers_escrow on payments.usdc_transfers (escrow_id);
create index usdc_transfers_open on payments.usdc_transfers (status) where status in ('QUEUED', 'SIGNED', 'SENT');

-- One row per gas wallet, locked while a transaction nonce is handed out: the next nonce is past
-- both what the chain counts and every transfer of ours not yet confirmed.
create table payments.usdc_signers (
  signer_address text primary key
);

-- Every wallet screening (SPEC §5), kept as the record of why money was accepted, held or refused.
create table payments.wallet_screenings (
  id uuid primary key,
  address text not null check (address ~ '^0x[0-9a-f]{40}$'),
  purpose text not null check (purpose in ('DEPOSIT_SENDER', 'PAYOUT_WALLET', 'REFUND_WALLET')),
  escrow_id uuid,
  deposit_id uuid,
  user_id uuid,
  sanctioned boolean not null,
  risk_score integer not null check (risk_score between 0 and 100),
  verdict text not null check (verdict in ('SANCTIONED', 'HIGH_RISK', 'REVIEW', 'ACCEPT')),
  findings jsonb not null,
  screened_at timestamptz not null
);
create index wallet_screenings_escrow on payments.wallet_screenings (escrow_id);
create trigger wallet_screenings_append_only before update or delete on payments.wallet_screenings
  for each row execute function platform.refuse_change();

-- A trader's refund address (where USDC refunds go) beside their payout wallet (WALLET).
alter table identity.linked_accounts drop constraint linked_accounts_provider_check;
alter table identity.linked_accounts add constraint linked_accounts_provider_check
  check (provider in ('ROBLOX', 'STRIPE_CONNECT', 'WALLET', 'REFUND_WALLET'));

-- The message a trader signs (EIP-191) to prove they control a wallet: single use, short-lived.
create table identity.wallet_challenges (
  id uuid primary key,
  user_id uuid not null references identity.users (id),
  purpose text not null check (purpose in ('PAYOUT', 'REFUND')),
  address text not null check (address ~ '^0x[0-9a-f]{40}$'),
  message text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  check (expires_at > created_at)
);
create index wallet_challenges_user on identity.wallet_challenges (user_id);

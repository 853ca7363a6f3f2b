-- The notifications service (ADR 0019): what it learned from events, what it delivered, the
-- reminders it owes, and the Discord marketplace channels and listing posts it keeps up to date.
-- It holds Discord and user ids only, never names or messages.

-- Parties of each escrow, from EscrowCreated: later escrow events carry the escrow id alone.
create table notifications.escrow_parties (
  escrow_id uuid primary key,
  contract_id uuid,
  listing_id uuid,
  buyer_id uuid not null,
  seller_id uuid not null,
  learned_at timestamptz not null default now()
);

-- One row per (event, recipient): a redelivered event finds its rows and sends nothing twice.
-- A row is claimed (SENDING) before the send and settled after it; a claim left by a crash is
-- taken over after a while. recipient is a user id, or guild:<id> for listing posts.
create table notifications.deliveries (
  event_id uuid not null,
  recipient text not null check (length(recipient) between 1 and 100),
  kind text not null,
  status text not null check (status in ('SENDING', 'SENT', 'UNREACHABLE')),
  channel text check (channel in ('DM', 'THREAD', 'CHANNEL')),
  discord_message_id text,
  claimed_at timestamptz not null,
  settled_at timestamptz,
  primary key (event_id, recipient)
);

-- Reminders owed before a deadline, learned from events; each sent once (sent_at), dropped
-- when the subject moves on first (cancelled_at).
create table notifications.reminders (
  kind text not null check (kind in ('ESCROW_FUNDING', 'ESCROW_AUTO_RELEASE', 'CONTRACT_EXPIRY', 'OFFER_EXPIRY')),
  subject_id uuid not null,
  recipient_ids uuid[] not null,
  deadline_at timestamptz not null,
  due_at timestamptz not null,
  sent_at timestamptz,
  cancelled_at timestamptz,
  primary key (kind, subject_id)
);
create index reminders_due on notifications.reminders (due_at)
  where sent_at is null and cancelled_at is null;

-- Discord servers where `/marketplace setup` made the price-range channels (range key → channel).
create table notifications.guild_marketplaces (
  guild_id text primary key check (guild_id ~ '^[0-9]{5,25}$'),
  channels jsonb not null,
  set_up_by uuid not null,
  set_up_at timestamptz not null default now()
);

-- Where each listing was posted: its message in a range channel and the thread started from it.
create table notifications.listing_posts (
  listing_id uuid not null,
  guild_id text not null,
  channel_id text not null,
  message_id text not null,
  thread_id text,
  posted_at timestamptz not null default now(),
  primary key (listing_id, guild_id)
);

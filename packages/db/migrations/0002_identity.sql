create table identity.users (
  id uuid primary key,
  discord_user_id text not null unique check (discord_user_id ~ '^[0-9]{5,25}$'),
  discord_username text not null check (length(discord_username) between 1 and 100),
  kyc_tier text not null default 'TIER_0' check (kyc_tier in ('TIER_0', 'TIER_1', 'TIER_2')),
  role text not null default 'USER' check (role in ('USER', 'MODERATOR', 'ADMIN')),
  terms_accepted_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- External identities: the Roblox account (KYC tier 1) and payout accounts.
create table identity.linked_accounts (
  id uuid primary key,
  user_id uuid not null references identity.users (id),
  provider text not null check (provider in ('ROBLOX', 'STRIPE_CONNECT', 'WALLET')),
  provider_account_id text not null check (length(provider_account_id) between 1 and 200),
  provider_username text,
  linked_at timestamptz not null default now(),
  unique (provider, provider_account_id),
  unique (user_id, provider)
);

-- Web sessions. Only a hash of the session token is kept: a leaked table opens no session.
create table identity.sessions (
  id uuid primary key,
  user_id uuid not null references identity.users (id),
  token_hash bytea not null unique check (length(token_hash) = 32),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  rotated_to uuid references identity.sessions (id),
  revoked_at timestamptz,
  ip inet,
  user_agent text,
  check (expires_at > created_at)
);
create index sessions_user on identity.sessions (user_id);

-- OAuth2 state for Discord sign-in and Roblox linking: single use, short-lived, hash only.
create table identity.oauth_states (
  state_hash bytea primary key check (length(state_hash) = 32),
  provider text not null check (provider in ('DISCORD', 'ROBLOX')),
  user_id uuid references identity.users (id),
  code_verifier text not null,
  redirect_path text not null default '/',
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  consumed_at timestamptz,
  check (expires_at > created_at)
);

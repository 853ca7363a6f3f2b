-- Trade integrity (ADR 0015).

-- A contract's deal ends when the escrow it opened is cancelled or refunded: the game was not
-- sold, so the listing can take a new offer. A released escrow sells the listing instead.
alter table marketplace.contracts
  add column deal_ended_at timestamptz,
  add column deal_end_reason text check (deal_end_reason in ('ESCROW_CANCELLED', 'ESCROW_REFUNDED')),
  add constraint contracts_deal_end_complete check ((deal_ended_at is null) = (deal_end_reason is null)),
  add constraint contracts_deal_end_executed check (deal_ended_at is null or status = 'EXECUTED');

-- The Roblox OAuth grant a user gave when linking (scope group:read): its refresh token lets the
-- marketplace read the user's own group role permissions later, which Roblox shows only to the
-- member (ADR 0015). Rotated on every use; cleared when Roblox revokes it. Useless without our
-- OAuth client secret, which is not in the database.
alter table identity.linked_accounts
  add column grant_refresh_token text check (length(grant_refresh_token) between 1 and 4096),
  add column grant_scope text check (length(grant_scope) <= 500),
  add column grant_updated_at timestamptz,
  add constraint linked_accounts_grant_roblox_only check (provider = 'ROBLOX' or grant_refresh_token is null),
  add constraint linked_accounts_grant_complete check ((grant_refresh_token is null) = (grant_updated_at is null));

-- Group games are verified by the role's permission to manage the group's experiences
-- (GROUP_MANAGER), or the owner's rank; role names no longer count. GROUP_ADMIN and
-- GROUP_DEVELOPER remain for verifications recorded before.
alter table marketplace.asset_verifications drop constraint asset_verifications_method_check;
alter table marketplace.asset_verifications add constraint asset_verifications_method_check
  check (method in ('OWNER', 'GROUP_OWNER', 'GROUP_MANAGER', 'GROUP_ADMIN', 'GROUP_DEVELOPER'));

-- One PostgreSQL schema per owning service. A service reads and writes only its own schema and
-- learns about the others from messages (ARCHITECTURE.md, rules of the house).
create schema if not exists identity;      -- users, linked accounts, sessions, OAuth state
create schema if not exists marketplace;   -- guilds, listings, offers, contracts, signatures
create schema if not exists escrow;        -- the escrow state machine and its event log
create schema if not exists payments;      -- rails, provider artifacts, webhooks, reconciliation
create schema if not exists projections;   -- read models for queries
create schema if not exists notifications; -- Discord DMs
create schema if not exists audit;         -- the append-only audit log

-- Shared guard: tables that are facts, once written, refuse change. A trigger, not a grant, so
-- that it holds for every role including the application's own.
create or replace function platform.refuse_change() returns trigger
language plpgsql as $$
begin
  raise exception '% on %.% is not allowed: the table is append-only',
    tg_op, tg_table_schema, tg_table_name
    using errcode = 'P0001';
end;
$$;

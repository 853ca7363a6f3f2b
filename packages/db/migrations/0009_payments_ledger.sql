-- Double-entry ledger of every money movement per escrow. Each movement is a group of lines that
-- sums to zero (checked at commit by a deferred trigger); the ESCROW_HOLDING account of a finished
-- escrow sums to zero too, so any drift between what came in and what went out is visible.
create table payments.ledger_entries (
  id bigint generated always as identity primary key,
  escrow_id uuid not null,
  -- One movement: payment in, transfer out, refund out.
  movement_id uuid not null,
  movement text not null check (movement in ('PAYMENT', 'TRANSFER', 'REFUND')),
  account text not null check (account in ('BUYER', 'ESCROW_HOLDING', 'SELLER', 'PLATFORM_FEE')),
  -- Positive: the account received; negative: it gave.
  amount_minor bigint not null check (amount_minor <> 0),
  currency text not null check (currency in ('USD', 'USDC')),
  provider_ref text not null,
  recorded_at timestamptz not null default now(),
  unique (movement_id, account)
);
create index ledger_entries_escrow on payments.ledger_entries (escrow_id);
-- A provider object moves money once: the same transfer or refund cannot be booked twice.
create unique index ledger_one_movement_per_provider_object
  on payments.ledger_entries (movement, provider_ref, account);
create trigger ledger_entries_append_only before update or delete on payments.ledger_entries
  for each row execute function platform.refuse_change();

create or replace function payments.check_movement_balances() returns trigger
language plpgsql as $$
declare
  total bigint;
begin
  select coalesce(sum(amount_minor), 0) into total
    from payments.ledger_entries where movement_id = new.movement_id;
  if total <> 0 then
    raise exception 'ledger movement % does not balance (sum %)', new.movement_id, total
      using errcode = '23514';
  end if;
  return null;
end;
$$;

create constraint trigger ledger_movement_balances after insert on payments.ledger_entries
  deferrable initially deferred
  for each row execute function payments.check_movement_balances();

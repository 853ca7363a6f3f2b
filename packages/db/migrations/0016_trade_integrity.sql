-- Trade integrity (ADR 0015).

-- A contract's deal ends when the escrow it opened is cancelled or refunded: the game was not
-- sold, so the listing can take a new offer. A released escrow sells the listing instead.
alter table marketplace.contracts
  add column deal_ended_at timestamptz,
  add column deal_end_reason text check (deal_end_reason in ('ESCROW_CANCELLED', 'ESCROW_REFUNDED')),
  add constraint contracts_deal_end_complete check ((deal_ended_at is null) = (deal_end_reason is null)),
  add constraint contracts_deal_end_executed check (deal_ended_at is null or status = 'EXECUTED');

-- The gateway's own records: every command it accepted for a caller, under the caller's
-- Idempotency-Key when one was sent, with a hash of the request so that the same key with another
-- request is refused. The command goes out through the gateway's outbox in the same transaction.
create schema if not exists gateway;

create table gateway.commands (
  -- The command's event id on escrow.commands.v1.
  id uuid primary key,
  escrow_id uuid not null,
  -- The gateway's name for what was asked.
  action text not null check (action in ('deliver', 'release', 'dispute', 'cancel', 'resolve', 'refund')),
  actor_id uuid not null,
  idempotency_key text check (length(idempotency_key) between 1 and 255),
  -- SHA-256 of the action, the escrow and the canonical body: what the key promised to mean.
  request_hash char(64) not null check (request_hash ~ '^[0-9a-f]{64}$'),
  accepted_at timestamptz not null,
  unique (actor_id, idempotency_key)
);
create index commands_escrow on gateway.commands (escrow_id, accepted_at);

select platform.create_outbox('gateway');

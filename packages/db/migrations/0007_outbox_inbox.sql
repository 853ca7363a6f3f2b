-- Every service that emits messages has an outbox in its own schema: the business change and the
-- outgoing message commit in one transaction, and a relay publishes the rows later, in id order,
-- marking them published only after the broker acknowledged. Writers of one message key serialize
-- on their aggregate's row, so id order is commit order for every key.
--
-- Every service that consumes messages has an inbox: a handler's effects and the inbox row commit
-- together, so a redelivered message finds its row and is skipped.
--
-- The two shapes are defined once, here, and stamped into each schema. An outbox insert does not
-- NOTIFY: PostgreSQL serialises the commits of all notifying transactions on one lock, which would
-- make every business transaction wait for the others. Relays are woken in-process instead.
create or replace function platform.create_outbox(owner text) returns void
language plpgsql as $$
begin
  execute format($ddl$
    create table %1$I.outbox (
      id bigint generated always as identity primary key,
      event_id uuid not null unique,
      topic text not null check (topic ~ '^[a-z]+\.[a-z]+\.v[0-9]+$'),
      message_key text not null check (length(message_key) > 0),
      payload bytea not null,
      headers jsonb not null default '{}',
      created_at timestamptz not null default now(),
      published_at timestamptz
    );
    create index outbox_unpublished on %1$I.outbox (id) where published_at is null;
  $ddl$, owner);
end;
$$;

create or replace function platform.create_inbox(owner text) returns void
language plpgsql as $$
begin
  execute format($ddl$
    create table %1$I.inbox (
      consumer_group text not null,
      event_id uuid not null,
      topic text not null,
      partition integer not null check (partition >= 0),
      "offset" bigint not null check ("offset" >= 0),
      handled_at timestamptz not null default now(),
      primary key (consumer_group, event_id)
    );
  $ddl$, owner);
end;
$$;

select platform.create_outbox('escrow');
select platform.create_outbox('payments');
select platform.create_outbox('marketplace');

select platform.create_inbox('escrow');
select platform.create_inbox('payments');
select platform.create_inbox('marketplace');
select platform.create_inbox('projections');
select platform.create_inbox('notifications');

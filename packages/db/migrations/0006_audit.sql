-- Who did what, when, from where. Kept seven years; never updated, never deleted (trigger-enforced,
-- including TRUNCATE). Retention ends by dropping whole partitions in a reviewed migration, never
-- by deleting rows.
create table audit.audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_type text not null check (actor_type in ('USER', 'ADMIN', 'SYSTEM', 'SERVICE')),
  actor_id uuid,
  action text not null check (action ~ '^[a-z][a-z0-9_.]*$'),
  subject_type text not null,
  subject_id text not null,
  ip inet,
  user_agent text,
  request_id text,
  trace_id text,
  detail jsonb not null default '{}',
  check (actor_type in ('SYSTEM', 'SERVICE') or actor_id is not null)
);
create index audit_log_subject on audit.audit_log (subject_type, subject_id, occurred_at);
create index audit_log_actor on audit.audit_log (actor_id, occurred_at);
create trigger audit_log_append_only before update or delete on audit.audit_log
  for each row execute function platform.refuse_change();
create trigger audit_log_no_truncate before truncate on audit.audit_log
  for each statement execute function platform.refuse_change();

-- Session rotation (ADR 0010). A sign-in starts a family; every rotation adds a row to the same
-- family with a new token and points the old row at it. The family id is what the CSRF token is
-- bound to and what sign-out (or detected token reuse) revokes as a whole.
alter table identity.sessions add column family_id uuid;
update identity.sessions set family_id = id where family_id is null;
alter table identity.sessions alter column family_id set not null;
alter table identity.sessions add column rotated_at timestamptz;
alter table identity.sessions
  add constraint sessions_rotation_complete check ((rotated_to is null) = (rotated_at is null));
create index sessions_family on identity.sessions (family_id);

-- Expired OAuth states are purged in bounded batches; this keeps finding them cheap.
create index oauth_states_expires on identity.oauth_states (expires_at);

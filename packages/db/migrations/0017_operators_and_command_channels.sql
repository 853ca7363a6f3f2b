-- Operators act too: `bloxtr8 users grant|revoke` changes roles from the command line, where no
-- platform user stands behind the change. Such records name the OPERATOR actor type, without an
-- actor id; their detail names the command line and the operating-system user (ADR 0016).
alter table audit.audit_log drop constraint audit_log_actor_type_check;
alter table audit.audit_log add constraint audit_log_actor_type_check
  check (actor_type in ('USER', 'ADMIN', 'SYSTEM', 'SERVICE', 'OPERATOR'));
alter table audit.audit_log drop constraint audit_log_check;
alter table audit.audit_log add constraint audit_log_actor_check
  check (actor_type in ('SYSTEM', 'SERVICE', 'OPERATOR') or actor_id is not null);

-- How a command reached the gateway: from a browser session, or from the Discord bot acting for
-- the user (staff may handle disputes through the bot; ADR 0016). Unknown (null) for the commands
-- recorded before this column existed.
alter table gateway.commands add column via text check (via in ('session', 'bot'));

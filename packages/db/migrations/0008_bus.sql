-- The embedded message log: Kafka's model inside the database, for the one-process default and
-- for deployments without Kafka. Same topics, keys, partitions (murmur2 of the key, as Kafka's
-- default partitioner), offsets and consumer groups. Owned by packages/bus.
create schema if not exists bus;

create table bus.topics (
  name text primary key check (name ~ '^[a-z]+\.[a-z]+\.v[0-9]+(\.dlq)?$'),
  partitions integer not null check (partitions between 1 and 1000),
  retention_ms bigint not null check (retention_ms > 0),
  created_at timestamptz not null default now()
);

-- One row per partition: the next offset to hand out. Appending locks this row until commit, so
-- offsets are dense and in commit order: a reader never skips a message committed late.
create table bus.partitions (
  topic text not null references bus.topics (name),
  partition integer not null check (partition >= 0),
  next_offset bigint not null default 0 check (next_offset >= 0),
  -- Offsets below this were removed by retention.
  log_start_offset bigint not null default 0 check (log_start_offset >= 0),
  primary key (topic, partition)
);

create table bus.messages (
  topic text not null,
  partition integer not null,
  "offset" bigint not null check ("offset" >= 0),
  message_key text not null,
  value bytea not null,
  headers jsonb not null default '{}',
  appended_at timestamptz not null default now(),
  primary key (topic, partition, "offset")
);
create index messages_retention on bus.messages (topic, appended_at);

-- Consumer group membership, kept alive by heartbeats. A member whose heartbeat is older than the
-- session timeout is gone, and its partitions are reassigned.
create table bus.group_members (
  group_id text not null,
  member_id text not null,
  topics text[] not null,
  heartbeat_at timestamptz not null default now(),
  joined_at timestamptz not null default now(),
  primary key (group_id, member_id)
);

-- Which member owns which partition. A member processes only partitions it has claimed, and
-- gives a claim up only between messages (cooperative rebalancing).
create table bus.partition_claims (
  group_id text not null,
  topic text not null,
  partition integer not null,
  member_id text not null,
  claimed_at timestamptz not null default now(),
  primary key (group_id, topic, partition)
);

create table bus.committed_offsets (
  group_id text not null,
  topic text not null,
  partition integer not null,
  -- The next offset the group will read, as Kafka commits it.
  next_offset bigint not null check (next_offset >= 0),
  committed_at timestamptz not null default now(),
  primary key (group_id, topic, partition)
);

-- The operators' index of dead letters, on either bus: what failed, why, and whether it was
-- replayed. The dead letter itself is also published to <topic>.dlq.
create table bus.dead_letters (
  id uuid primary key,
  dlq_topic text not null,
  origin_topic text not null,
  origin_partition integer not null check (origin_partition >= 0),
  origin_offset bigint not null check (origin_offset >= 0),
  consumer_group text not null,
  message_key text not null,
  value bytea not null,
  headers jsonb not null default '{}',
  error_kind text not null check (error_kind in ('UNDECODABLE', 'PERMANENT', 'RETRIES_EXHAUSTED')),
  error_type text not null,
  error_message text not null,
  retry_count integer not null check (retry_count >= 0),
  trace_id text not null default '',
  failed_at timestamptz not null,
  replayed_at timestamptz,
  replay_count integer not null default 0 check (replay_count >= 0),
  unique (consumer_group, origin_topic, origin_partition, origin_offset)
);
create index dead_letters_pending on bus.dead_letters (origin_topic, failed_at) where replayed_at is null;

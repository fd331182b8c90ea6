-- Initial schema: guilds, role levels, chantiers, tasks, planning, processed interactions and
-- the command log. Every domain row carries guild_id; snowflakes are integer (i64).
-- Timestamps are RFC 3339 UTC text and dates YYYY-MM-DD text (sqlx's chrono encoding), so text
-- order is time order. STRICT tables reject values of the wrong type.
-- Never edit once applied: add a new file (same name in migrations/postgres).

create table guilds (
    guild_id integer primary key,
    created_at text not null
) strict;

create table role_levels (
    guild_id integer not null references guilds (guild_id),
    role_id integer not null,
    level text not null check (level in ('admin', 'manager')),
    primary key (guild_id, role_id)
) strict;

create table chantiers (
    id integer primary key,
    guild_id integer not null references guilds (guild_id),
    name text not null check (name <> ''),
    address text,
    channel_id integer,
    archived integer not null default 0 check (archived in (0, 1)),
    created_by integer not null,
    created_at text not null,
    updated_at text not null,
    -- Target of the (guild_id, chantier_id) foreign keys: a task or planning entry can only
    -- point at a chantier of its own guild.
    unique (guild_id, id)
) strict;

-- SQLite's lower() folds ASCII letters only: 'École' and 'école' do not collide here.
create unique index chantiers_guild_name on chantiers (guild_id, lower(name));

create table tasks (
    id integer primary key,
    guild_id integer not null references guilds (guild_id),
    chantier_id integer not null,
    assignee_id integer not null,
    creator_id integer not null,
    description text not null,
    status text not null default 'a_faire'
        check (status in ('a_faire', 'en_cours', 'terminee', 'annulee')),
    due_date text,
    created_at text not null,
    updated_at text not null,
    done_at text,
    foreign key (guild_id, chantier_id) references chantiers (guild_id, id),
    check ((status = 'terminee') = (done_at is not null))
) strict;

create index tasks_guild_status on tasks (guild_id, status, id);
create index tasks_guild_assignee on tasks (guild_id, assignee_id, status);
create index tasks_guild_chantier on tasks (guild_id, chantier_id);

create table planning (
    id integer primary key,
    guild_id integer not null references guilds (guild_id),
    user_id integer not null,
    chantier_id integer not null,
    start_date text not null,
    end_date text not null,
    notes text,
    created_by integer not null,
    created_at text not null,
    updated_at text not null,
    foreign key (guild_id, chantier_id) references chantiers (guild_id, id),
    check (end_date >= start_date)
) strict;

create index planning_guild_dates on planning (guild_id, start_date, end_date);
create index planning_guild_user on planning (guild_id, user_id, start_date);
create index planning_guild_chantier on planning (guild_id, chantier_id);

-- Statements of the store set updated_at to the caller's clock explicitly; these triggers only
-- fill it in when an update leaves it unchanged (same rule as set_updated_at() on Postgres).
create trigger chantiers_set_updated_at after update on chantiers
for each row when new.updated_at = old.updated_at
begin
    update chantiers set updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
    where id = new.id;
end;

create trigger tasks_set_updated_at after update on tasks
for each row when new.updated_at = old.updated_at
begin
    update tasks set updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
    where id = new.id;
end;

create trigger planning_set_updated_at after update on planning
for each row when new.updated_at = old.updated_at
begin
    update planning set updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
    where id = new.id;
end;

-- Interaction ids already handled (Discord and n8n retry deliveries).
create table processed_interactions (
    id integer primary key,
    expires_at text not null
) strict;

create index processed_interactions_expires on processed_interactions (expires_at);

-- Audit trail. No foreign key to guilds: commands run in DMs (no guild) and are logged before
-- any write creates the guild row.
create table command_log (
    id integer primary key,
    guild_id integer,
    channel_id integer,
    user_id integer not null,
    command text not null,
    source text not null,
    duration_us integer not null,
    outcome text not null,
    created_at text not null
) strict;

create index command_log_guild_created on command_log (guild_id, created_at);

-- Initial schema: guilds, role levels, chantiers, tasks, planning, processed interactions and
-- the command log. Every domain row carries guild_id; snowflakes are bigint.
-- Never edit once applied: add a new file (same name in migrations/sqlite).

-- Trigram indexes for /recherche (added by a later migration).
create extension if not exists pg_trgm;

-- Keeps updated_at current on every update. Statements of the store set updated_at to the
-- caller's clock explicitly; this only fills it in when an update leaves it unchanged.
create or replace function set_updated_at() returns trigger
language plpgsql as $$
begin
    if new.updated_at is not distinct from old.updated_at then
        new.updated_at := now();
    end if;
    return new;
end;
$$;

create table guilds (
    guild_id bigint primary key,
    created_at timestamptz not null default now()
);

create table role_levels (
    guild_id bigint not null references guilds (guild_id),
    role_id bigint not null,
    level text not null check (level in ('admin', 'manager')),
    primary key (guild_id, role_id)
);

create table chantiers (
    id bigint generated always as identity primary key,
    guild_id bigint not null references guilds (guild_id),
    name text not null check (name <> ''),
    address text,
    channel_id bigint,
    archived boolean not null default false,
    created_by bigint not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    -- Target of the (guild_id, chantier_id) foreign keys: a task or planning entry can only
    -- point at a chantier of its own guild.
    constraint chantiers_guild_id unique (guild_id, id)
);

create unique index chantiers_guild_name on chantiers (guild_id, lower(name));

create trigger chantiers_set_updated_at before update on chantiers
    for each row execute function set_updated_at();

create table tasks (
    id bigint generated always as identity primary key,
    guild_id bigint not null references guilds (guild_id),
    chantier_id bigint not null,
    assignee_id bigint not null,
    creator_id bigint not null,
    description text not null,
    status text not null default 'a_faire'
        check (status in ('a_faire', 'en_cours', 'terminee', 'annulee')),
    due_date date,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    done_at timestamptz,
    constraint tasks_chantier foreign key (guild_id, chantier_id)
        references chantiers (guild_id, id),
    constraint tasks_done_at check ((status = 'terminee') = (done_at is not null))
);

create index tasks_guild_status on tasks (guild_id, status, id);
create index tasks_guild_assignee on tasks (guild_id, assignee_id, status);
create index tasks_guild_chantier on tasks (guild_id, chantier_id);

create trigger tasks_set_updated_at before update on tasks
    for each row execute function set_updated_at();

create table planning (
    id bigint generated always as identity primary key,
    guild_id bigint not null references guilds (guild_id),
    user_id bigint not null,
    chantier_id bigint not null,
    start_date date not null,
    end_date date not null,
    notes text,
    created_by bigint not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint planning_chantier foreign key (guild_id, chantier_id)
        references chantiers (guild_id, id),
    constraint planning_dates check (end_date >= start_date)
);

create index planning_guild_dates on planning (guild_id, start_date, end_date);
create index planning_guild_user on planning (guild_id, user_id, start_date);
create index planning_guild_chantier on planning (guild_id, chantier_id);

create trigger planning_set_updated_at before update on planning
    for each row execute function set_updated_at();

-- Interaction ids already handled (Discord and n8n retry deliveries).
create table processed_interactions (
    id bigint primary key,
    expires_at timestamptz not null
);

create index processed_interactions_expires on processed_interactions (expires_at);

-- Audit trail. No foreign key to guilds: commands run in DMs (no guild) and are logged before
-- any write creates the guild row.
create table command_log (
    id bigint generated always as identity primary key,
    guild_id bigint,
    channel_id bigint,
    user_id bigint not null,
    command text not null,
    source text not null,
    duration_us bigint not null,
    outcome text not null,
    created_at timestamptz not null default now()
);

create index command_log_guild_created on command_log (guild_id, created_at);

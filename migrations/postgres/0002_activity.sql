-- Activity: messages logged by the gateway sidecar (with full-text and trigram search),
-- member presence, calendar feed tokens, and the indexes of the activity statistics.
-- Never edit once applied: add a new file (same name in migrations/sqlite).

-- unaccent() is only STABLE (it looks its dictionary up through search_path), so it cannot be
-- used in a generated column or an index. This wrapper names the dictionary and the schema
-- explicitly, which makes it safe to declare IMMUTABLE; being a plain SQL function it is
-- inlined by the planner.
create extension if not exists unaccent with schema public;

create or replace function gvbot_unaccent(text) returns text
language sql immutable parallel safe strict
as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- No foreign key to guilds: the sidecar writes batches for every guild it sees, before any
-- command has created the guild row (same reason as command_log).
create table messages (
    guild_id bigint not null,
    channel_id bigint not null,
    message_id bigint not null,
    author_id bigint not null,
    content text not null,
    created_at timestamptz not null,
    edited_at timestamptz,
    deleted_at timestamptz,
    -- French stemming on unaccented text: 'Électriques' and 'electrique' share a lexeme.
    search tsvector generated always as
        (to_tsvector('french'::regconfig, gvbot_unaccent(content))) stored,
    primary key (guild_id, message_id)
);

create index messages_search on messages using gin (search);
-- Substring and fuzzy (word_similarity) matches, accent-insensitive; trigrams are case-folded.
create index messages_content_trgm on messages using gin (gvbot_unaccent(content) gin_trgm_ops);
create index messages_guild_created on messages (guild_id, created_at);
create index messages_guild_author_created on messages (guild_id, author_id, created_at);
-- Retention purge runs across guilds.
create index messages_created on messages (created_at);

-- Members and their presence, kept current by the sidecar. display_name is null until a
-- member update names someone first seen through a presence update.
create table members (
    guild_id bigint not null,
    user_id bigint not null,
    display_name text,
    status text not null default 'offline'
        check (status in ('online', 'idle', 'dnd', 'offline')),
    last_seen_at timestamptz,
    joined_at timestamptz,
    updated_at timestamptz not null default now(),
    primary key (guild_id, user_id)
);

create trigger members_set_updated_at before update on members
    for each row execute function set_updated_at();

-- Secret of each guild's iCalendar feed URL (calendar apps send no headers).
create table calendar_tokens (
    guild_id bigint primary key references guilds (guild_id),
    token text not null,
    created_at timestamptz not null default now()
);

create unique index calendar_tokens_token on calendar_tokens (token);

-- Activity statistics: commands per user, tasks done per period.
create index command_log_guild_user_created on command_log (guild_id, user_id, created_at);
create index tasks_guild_done on tasks (guild_id, done_at) where done_at is not null;

-- Activity: messages logged by the gateway sidecar (with FTS5 search), member presence,
-- calendar feed tokens, and the indexes of the activity statistics.
-- Never edit once applied: add a new file (same name in migrations/postgres).

-- No foreign key to guilds: the sidecar writes batches for every guild it sees, before any
-- command has created the guild row (same reason as command_log).
-- `id` is the FTS5 content rowid: an INTEGER PRIMARY KEY alias, so VACUUM cannot renumber it.
create table messages (
    id integer primary key,
    guild_id integer not null,
    channel_id integer not null,
    message_id integer not null,
    author_id integer not null,
    content text not null,
    created_at text not null,
    edited_at text,
    deleted_at text,
    unique (guild_id, message_id)
) strict;

create index messages_guild_created on messages (guild_id, created_at);
create index messages_guild_author_created on messages (guild_id, author_id, created_at);
-- Retention purge runs across guilds.
create index messages_created on messages (created_at);

-- External-content index of messages.content: case- and accent-insensitive tokens
-- ('Électrique' is indexed as 'electrique'). Soft-deleted rows stay indexed; queries join
-- messages and filter them out.
create virtual table messages_fts using fts5(
    content,
    content = 'messages',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

create trigger messages_fts_insert after insert on messages
begin
    insert into messages_fts (rowid, content) values (new.id, new.content);
end;

create trigger messages_fts_delete after delete on messages
begin
    insert into messages_fts (messages_fts, rowid, content) values ('delete', old.id, old.content);
end;

create trigger messages_fts_update after update of content on messages
begin
    insert into messages_fts (messages_fts, rowid, content) values ('delete', old.id, old.content);
    insert into messages_fts (rowid, content) values (new.id, new.content);
end;

-- Members and their presence, kept current by the sidecar. display_name is null until a
-- member update names someone first seen through a presence update.
create table members (
    guild_id integer not null,
    user_id integer not null,
    display_name text,
    status text not null default 'offline'
        check (status in ('online', 'idle', 'dnd', 'offline')),
    last_seen_at text,
    joined_at text,
    updated_at text not null,
    primary key (guild_id, user_id)
) strict;

create trigger members_set_updated_at after update on members
for each row when new.updated_at = old.updated_at
begin
    update members set updated_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
    where guild_id = new.guild_id and user_id = new.user_id;
end;

-- Secret of each guild's iCalendar feed URL (calendar apps send no headers).
create table calendar_tokens (
    guild_id integer primary key references guilds (guild_id),
    token text not null,
    created_at text not null
) strict;

create unique index calendar_tokens_token on calendar_tokens (token);

-- Activity statistics: commands per user, tasks done per period.
create index command_log_guild_user_created on command_log (guild_id, user_id, created_at);
create index tasks_guild_done on tasks (guild_id, done_at) where done_at is not null;

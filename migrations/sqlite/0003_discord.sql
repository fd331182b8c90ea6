-- Discord-side settings and moderation: the channels gvbot posts to or files chantier channels
-- under (set with `/config salon`), and the warnings given with `/avertir`.
-- Never edit once applied: add a new file (same name in migrations/postgres).

-- One channel per kind and guild. 'chantiers' and 'archives' are categories.
create table guild_channels (
    guild_id integer not null references guilds (guild_id),
    kind text not null
        check (kind in ('planning', 'moderation', 'chantiers', 'archives', 'alertes')),
    channel_id integer not null,
    updated_at text not null,
    primary key (guild_id, kind)
) strict;

create table warnings (
    id integer primary key,
    guild_id integer not null references guilds (guild_id),
    user_id integer not null,
    moderator_id integer not null,
    reason text not null check (reason <> ''),
    created_at text not null
) strict;

-- `/sanctions membre`: one member's warnings, newest first.
create index warnings_guild_user_created on warnings (guild_id, user_id, created_at);

-- Discord-side settings and moderation: the channels gvbot posts to or files chantier channels
-- under (set with `/config salon`), and the warnings given with `/avertir`.
-- Never edit once applied: add a new file (same name in migrations/sqlite).

-- One channel per kind and guild. 'chantiers' and 'archives' are categories.
create table guild_channels (
    guild_id bigint not null references guilds (guild_id),
    kind text not null
        check (kind in ('planning', 'moderation', 'chantiers', 'archives', 'alertes')),
    channel_id bigint not null,
    updated_at timestamptz not null default now(),
    primary key (guild_id, kind)
);

create table warnings (
    id bigint generated always as identity primary key,
    guild_id bigint not null references guilds (guild_id),
    user_id bigint not null,
    moderator_id bigint not null,
    reason text not null check (reason <> ''),
    created_at timestamptz not null default now()
);

-- `/sanctions membre`: one member's warnings, newest first.
create index warnings_guild_user_created on warnings (guild_id, user_id, created_at);

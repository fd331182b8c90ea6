-- Chantier names are unique per guild ignoring case and accents, and the database enforces
-- it: name_key is the folded name (gvbot's store::fold_name: accents transliterated,
-- lowercase, blanks collapsed), written by gvbot with the name, under a unique index that
-- replaces the one on lower(name). SQL cannot compute that transliteration: the rows created
-- before this migration get their key from the store's migrate(), which runs right after,
-- oldest first; a chantier whose folded name an older one of its guild already has keeps a
-- null key (it is then found by id only) and is reported in the log.
-- Never edit once applied: add a new file (same name in migrations/sqlite).

alter table chantiers add column name_key text check (name_key <> '');

drop index chantiers_guild_name;
create unique index chantiers_guild_name on chantiers (guild_id, name_key);

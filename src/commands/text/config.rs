//! `/config`.

use super::*;

pub fn role_mapped(lang: Lang, role: Snowflake, to: Level) -> String {
    tr!(
        lang,
        "⚙️ Le rôle <@&{role}> donne maintenant le niveau **{}**.",
        "⚙️ Role <@&{role}> now grants the **{}** level.",
        level(lang, to)
    )
}

pub fn role_unmapped(lang: Lang, role: Snowflake) -> String {
    tr!(
        lang,
        "⚙️ Le rôle <@&{role}> ne donne plus de niveau particulier.",
        "⚙️ Role <@&{role}> no longer grants a level."
    )
}

pub fn config_title(lang: Lang) -> String {
    tr!(lang, "⚙️ Configuration", "⚙️ Configuration")
}

pub fn config_roles(lang: Lang) -> &'static str {
    lang.pick("Rôles → niveaux", "Roles → levels")
}

pub fn config_no_roles(lang: Lang) -> String {
    tr!(
        lang,
        "Aucun rôle associé : seuls les administrateurs Discord sont admin. `/config role` pour en ajouter.",
        "No role mapped: only Discord administrators are admin. Use `/config role` to add one."
    )
}

pub fn config_admin_note(lang: Lang) -> String {
    tr!(
        lang,
        "La permission Discord Administrateur donne toujours le niveau admin.",
        "The Discord Administrator permission always grants the admin level."
    )
}

//! Chantiers, their channels and archiving.

use super::*;

pub fn chantier_name_invalid(lang: Lang) -> String {
    tr!(
        lang,
        "Le nom du chantier doit faire entre 1 et 100 caractères.",
        "The job site name must be 1 to 100 characters long."
    )
}

pub fn chantier_created(lang: Lang, name: &str) -> String {
    tr!(
        lang,
        "🏗️ Chantier **{name}** créé.",
        "🏗️ Job site **{name}** created."
    )
}

pub fn chantier_exists(lang: Lang, name: &str) -> String {
    tr!(
        lang,
        "Le chantier **{name}** existe déjà.",
        "Job site **{name}** already exists."
    )
}

pub fn chantier_unknown(lang: Lang, name: &str, suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        return tr!(
            lang,
            "Chantier inconnu : « {name} ». `/chantiers` donne la liste.",
            "Unknown job site: “{name}”. `/chantiers` lists them."
        );
    }
    let list = suggestions
        .iter()
        .map(|s| format!("**{s}**"))
        .collect::<Vec<_>>()
        .join(", ");
    tr!(
        lang,
        "Chantier inconnu : « {name} ». Vouliez-vous dire : {list} ?",
        "Unknown job site: “{name}”. Did you mean: {list}?"
    )
}

pub fn chantier_archived(lang: Lang, name: &str) -> String {
    tr!(
        lang,
        "Le chantier **{name}** est archivé.",
        "Job site **{name}** is archived."
    )
}

pub fn chantiers_title(lang: Lang) -> String {
    tr!(lang, "🏗️ Chantiers actifs", "🏗️ Active job sites")
}

pub fn chantiers_empty(lang: Lang) -> String {
    tr!(
        lang,
        "Aucun chantier actif. Un admin peut en créer avec `/creerchantier`.",
        "No active job site. An admin can create one with `/creerchantier`."
    )
}

pub fn open_tasks(lang: Lang, n: i64) -> String {
    match (lang, n) {
        (Lang::Fr, 0) => "aucune tâche ouverte".into(),
        (Lang::Fr, 1) => "1 tâche ouverte".into(),
        (Lang::Fr, n) => format!("{n} tâches ouvertes"),
        (Lang::En, 0) => "no open task".into(),
        (Lang::En, 1) => "1 open task".into(),
        (Lang::En, n) => format!("{n} open tasks"),
    }
}

// Channels set with `/config salon`; chantier channels and archiving.

/// What a configured channel is for, as `/config voir` lists it.
pub fn channel_kind(lang: Lang, kind: crate::store::ChannelKind) -> &'static str {
    use crate::store::ChannelKind;
    match (kind, lang) {
        (ChannelKind::Planning, _) => "Planning",
        (ChannelKind::Moderation, Lang::Fr) => "Modération",
        (ChannelKind::Moderation, Lang::En) => "Moderation",
        (ChannelKind::Chantiers, Lang::Fr) => "Chantiers (catégorie)",
        (ChannelKind::Chantiers, Lang::En) => "Job sites (category)",
        (ChannelKind::Archives, Lang::Fr) => "Archives (catégorie)",
        (ChannelKind::Archives, Lang::En) => "Archives (category)",
        (ChannelKind::Alertes, Lang::Fr) => "Alertes",
        (ChannelKind::Alertes, Lang::En) => "Alerts",
    }
}

pub fn config_channels(lang: Lang) -> &'static str {
    lang.pick("Salons", "Channels")
}

/// `Planning : #général` / `Planning: #general`.
pub fn config_channel_line(lang: Lang, kind: crate::store::ChannelKind, target: &str) -> String {
    tr!(
        lang,
        "{} : {target}",
        "{}: {target}",
        channel_kind(lang, kind)
    )
}

pub fn config_channel_unset(lang: Lang) -> &'static str {
    lang.pick("non défini", "not set")
}

pub fn config_channel_set(
    lang: Lang,
    kind: crate::store::ChannelKind,
    channel: Snowflake,
) -> String {
    tr!(
        lang,
        "⚙️ {} : <#{channel}>.",
        "⚙️ {}: <#{channel}>.",
        channel_kind(lang, kind)
    )
}

pub fn config_channel_wrong_type(lang: Lang, kind: crate::store::ChannelKind, got: &str) -> String {
    if kind.is_category() {
        tr!(
            lang,
            "Le type `{}` attend une **catégorie**, pas le salon « {got} ».",
            "The `{}` type expects a **category**, not the channel “{got}”.",
            kind.as_str()
        )
    } else {
        tr!(
            lang,
            "Le type `{}` attend un **salon textuel**, pas « {got} ».",
            "The `{}` type expects a **text channel**, not “{got}”.",
            kind.as_str()
        )
    }
}

pub fn chantier_channel_created(lang: Lang, channel: Snowflake) -> String {
    tr!(
        lang,
        "Salon <#{channel}> créé.",
        "Channel <#{channel}> created."
    )
}

pub fn chantier_channel_reused(lang: Lang, channel: Snowflake) -> String {
    tr!(
        lang,
        "Le salon existant <#{channel}> lui est associé.",
        "The existing channel <#{channel}> is linked to it."
    )
}

pub fn chantier_channel_no_category(lang: Lang) -> String {
    tr!(
        lang,
        "ℹ️ Aucune catégorie de chantiers configurée : salon créé hors catégorie (`/config salon type:chantiers`).",
        "ℹ️ No job-site category configured: channel created outside any category (`/config salon type:chantiers`)."
    )
}

pub fn chantier_channel_category_missing(lang: Lang) -> String {
    tr!(
        lang,
        "ℹ️ La catégorie de chantiers configurée n'existe plus : salon créé hors catégorie (`/config salon type:chantiers`).",
        "ℹ️ The configured job-site category no longer exists: channel created outside any category (`/config salon type:chantiers`)."
    )
}

pub fn chantier_channel_skipped(lang: Lang, var: &str) -> String {
    tr!(
        lang,
        "ℹ️ Pas de salon créé : gvbot n'est pas configuré pour appeler Discord (`{var}`).",
        "ℹ️ No channel created: gvbot is not set up to call Discord (`{var}`)."
    )
}

pub fn chantier_archive_done(lang: Lang, name: &str) -> String {
    tr!(
        lang,
        "🗄️ Chantier **{name}** archivé ; ses tâches et son planning restent consultables.",
        "🗄️ Job site **{name}** archived; its tasks and schedule can still be looked up."
    )
}

pub fn chantier_archive_moved(lang: Lang, channel: Snowflake) -> String {
    tr!(
        lang,
        "Salon <#{channel}> déplacé dans les archives, en lecture seule.",
        "Channel <#{channel}> moved to the archives, read-only."
    )
}

pub fn chantier_archive_not_moved(lang: Lang, channel: Snowflake) -> String {
    tr!(
        lang,
        "Salon <#{channel}> passé en lecture seule ; aucune catégorie d'archives configurée, il n'a pas été déplacé (`/config salon type:archives`).",
        "Channel <#{channel}> is now read-only; no archive category configured, so it was not moved (`/config salon type:archives`)."
    )
}

pub fn chantier_archive_no_channel(lang: Lang) -> String {
    tr!(
        lang,
        "Ce chantier n'a pas de salon.",
        "This job site has no channel."
    )
}

pub fn chantier_archive_channel_gone(lang: Lang) -> String {
    tr!(
        lang,
        "Son salon n'existe plus sur Discord.",
        "Its channel no longer exists on Discord."
    )
}

pub fn chantier_archive_discord_skipped(lang: Lang, var: &str) -> String {
    tr!(
        lang,
        "ℹ️ Salon inchangé : gvbot n'est pas configuré pour appeler Discord (`{var}`).",
        "ℹ️ Channel unchanged: gvbot is not set up to call Discord (`{var}`)."
    )
}

pub fn chantiers_archived_title(lang: Lang) -> String {
    tr!(lang, "🗄️ Chantiers archivés", "🗄️ Archived job sites")
}

pub fn chantiers_archived_empty(lang: Lang) -> String {
    tr!(lang, "Aucun chantier archivé.", "No archived job site.")
}

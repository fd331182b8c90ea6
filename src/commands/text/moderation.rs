//! Moderation.

use super::*;

pub fn warning_given(lang: Lang, user: Snowflake, id: i64, total: i64) -> String {
    tr!(
        lang,
        "⚠️ Avertissement #{id} enregistré pour <@{user}> ({total} au total).",
        "⚠️ Warning #{id} recorded for <@{user}> ({total} in total)."
    )
}

pub fn warning_dm_sent(lang: Lang) -> String {
    tr!(
        lang,
        "📨 Le membre a été prévenu en message privé.",
        "📨 The member was told by direct message."
    )
}

pub fn warning_dm_refused(lang: Lang) -> String {
    tr!(
        lang,
        "📪 Le membre n'accepte pas les messages privés du bot : il n'a pas été prévenu en MP (l'avertissement reste enregistré).",
        "📪 The member does not accept direct messages from the bot: they were not told by DM (the warning stays recorded)."
    )
}

pub fn warning_dm_failed(lang: Lang) -> String {
    tr!(
        lang,
        "📪 Le message privé n'a pas pu être envoyé (l'avertissement reste enregistré).",
        "📪 The direct message could not be sent (the warning stays recorded)."
    )
}

pub fn warning_logged(lang: Lang, channel: Snowflake) -> String {
    tr!(
        lang,
        "🗒️ Journalisé dans <#{channel}>.",
        "🗒️ Logged in <#{channel}>."
    )
}

pub fn warning_log_failed(lang: Lang, channel: Snowflake) -> String {
    tr!(
        lang,
        "🗒️ Le journal de <#{channel}> n'a pas pu être écrit (permissions du bot ?).",
        "🗒️ Could not write the log in <#{channel}> (bot permissions?)."
    )
}

pub fn warning_no_log_channel(lang: Lang) -> String {
    tr!(
        lang,
        "ℹ️ Aucun salon de modération configuré : rien n'est journalisé (`/config salon type:moderation`).",
        "ℹ️ No moderation channel configured: nothing is logged (`/config salon type:moderation`)."
    )
}

pub fn warning_discord_skipped(lang: Lang, var: &str) -> String {
    tr!(
        lang,
        "ℹ️ Ni MP ni journal : gvbot n'est pas configuré pour appeler Discord (`{var}`).",
        "ℹ️ No DM and no log: gvbot is not set up to call Discord (`{var}`)."
    )
}

pub fn warning_dm_title(lang: Lang) -> String {
    tr!(
        lang,
        "⚠️ Vous avez reçu un avertissement",
        "⚠️ You have received a warning"
    )
}

pub fn warning_log_title(lang: Lang, id: i64) -> String {
    tr!(lang, "⚠️ Avertissement #{id}", "⚠️ Warning #{id}")
}

pub struct WarningLabels {
    pub member: &'static str,
    pub moderator: &'static str,
    pub reason: &'static str,
    pub total: &'static str,
}

pub fn warning_labels(lang: Lang) -> WarningLabels {
    match lang {
        Lang::Fr => WarningLabels {
            member: "Membre",
            moderator: "Par",
            reason: "Raison",
            total: "Avertissements au total",
        },
        Lang::En => WarningLabels {
            member: "Member",
            moderator: "By",
            reason: "Reason",
            total: "Warnings in total",
        },
    }
}

pub fn sanctions_title(lang: Lang) -> String {
    tr!(lang, "📋 Sanctions", "📋 Sanctions")
}

pub fn sanctions_member(lang: Lang, user: Snowflake) -> String {
    tr!(lang, "Avertissements de <@{user}>", "Warnings of <@{user}>")
}

pub fn sanctions_empty(lang: Lang) -> String {
    tr!(lang, "Aucun avertissement.", "No warning.")
}

pub fn sanction_line(
    lang: Lang,
    id: i64,
    date: NaiveDate,
    moderator: Snowflake,
    reason: &str,
) -> String {
    tr!(
        lang,
        "**#{id}** · {} · par <@{moderator}>\n{reason}",
        "**#{id}** · {} · by <@{moderator}>\n{reason}",
        long_date(date)
    )
}

pub fn sanctions_footer(lang: Lang, page: u32, pages: u32, total: i64) -> String {
    tr!(
        lang,
        "Page {page}/{pages} · {total} avertissement(s)",
        "Page {page}/{pages} · {total} warning(s)"
    )
}

pub fn purge_range(lang: Lang) -> String {
    tr!(
        lang,
        "`nombre` doit être entre 1 et 100.",
        "`nombre` must be between 1 and 100."
    )
}

pub fn purge_done(lang: Lang, deleted: usize, skipped: usize) -> String {
    let mut text = tr!(
        lang,
        "🧹 {deleted} message(s) supprimé(s).",
        "🧹 {deleted} message(s) deleted."
    );
    if skipped > 0 {
        text.push(' ');
        text.push_str(&tr!(
            lang,
            "{skipped} message(s) de plus de 14 jours ignoré(s) : Discord ne permet pas de les supprimer en masse.",
            "{skipped} message(s) older than 14 days skipped: Discord does not allow deleting them in bulk."
        ));
    }
    text
}

pub fn purge_nothing(lang: Lang) -> String {
    tr!(
        lang,
        "Aucun message à supprimer ici.",
        "No message to delete here."
    )
}

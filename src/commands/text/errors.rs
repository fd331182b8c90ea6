//! Errors shown to users, and the core's typed client errors rendered as sentences.

use super::*;

pub fn guild_only(lang: Lang) -> String {
    tr!(
        lang,
        "Cette commande s'utilise sur un serveur, pas en message privé.",
        "This command works in a server, not in direct messages."
    )
}

pub fn forbidden(lang: Lang, needed: Level) -> String {
    tr!(
        lang,
        "⛔ Commande réservée au niveau **{}** ou plus.",
        "⛔ This command needs the **{}** level or higher.",
        level(lang, needed)
    )
}

pub fn forbidden_on_task(lang: Lang, id: i64) -> String {
    tr!(
        lang,
        "⛔ Seuls le créateur de la tâche #{id}, la personne assignée ou un **manager** peuvent faire cela.",
        "⛔ Only the creator of task #{id}, its assignee or a **manager** can do that."
    )
}

pub fn forbidden_creator_or_manager(lang: Lang, id: i64) -> String {
    tr!(
        lang,
        "⛔ Seuls le créateur de la tâche #{id} ou un **manager** peuvent faire cela.",
        "⛔ Only the creator of task #{id} or a **manager** can do that."
    )
}

pub fn internal_error(lang: Lang, error_id: &str) -> String {
    tr!(
        lang,
        "❌ Une erreur interne est survenue. Si elle persiste, transmettez ce code à un admin : `{error_id}`.",
        "❌ An internal error occurred. If it persists, give this code to an admin: `{error_id}`."
    )
}

pub fn bad_options(lang: Lang, detail: &str) -> String {
    tr!(
        lang,
        "Options invalides : {detail}. Voir `/aide`.",
        "Invalid options: {detail}. See `/aide`."
    )
}

pub fn unknown_command(lang: Lang, name: &str) -> String {
    tr!(
        lang,
        "Commande inconnue : `{name}`. Voir `/aide` pour la liste.",
        "Unknown command: `{name}`. See `/aide` for the list."
    )
}

pub fn slow_down(lang: Lang, secs: u64) -> String {
    tr!(
        lang,
        "🐢 Doucement : trop de commandes d'affilée. Réessayez dans {secs} s.",
        "🐢 Slow down: too many commands in a row. Try again in {secs} s."
    )
}

pub fn already_processed(lang: Lang) -> String {
    tr!(
        lang,
        "Cette interaction a déjà été traitée.",
        "This interaction was already handled."
    )
}

pub fn expired_button(lang: Lang) -> String {
    tr!(
        lang,
        "Ce bouton n'est plus valide : relancez la commande.",
        "This button is no longer valid: run the command again."
    )
}

pub fn bad_date(lang: Lang, option: &str, got: &str) -> String {
    tr!(
        lang,
        "Date invalide pour `{option}` : « {got} ». Format attendu : JJ/MM (par ex. 05/01) ou JJ/MM/AAAA.",
        "Invalid date for `{option}`: “{got}”. Expected DD/MM (e.g. 05/01) or DD/MM/YYYY."
    )
}

pub fn empty_text(lang: Lang, option: &str) -> String {
    tr!(
        lang,
        "`{option}` ne peut pas être vide.",
        "`{option}` cannot be empty."
    )
}

pub fn text_too_long(lang: Lang, option: &str, max: usize) -> String {
    tr!(
        lang,
        "`{option}` est trop long ({max} caractères au plus).",
        "`{option}` is too long ({max} characters at most)."
    )
}

// Client errors of the core ([`crate::commands::CommandError`]), rendered from their typed reasons.

/// What is wrong with option `field`.
pub fn invalid(lang: Lang, field: &str, reason: &crate::commands::Reason) -> String {
    use crate::commands::Reason as R;
    match reason {
        R::Empty => empty_text(lang, field),
        R::TooLong { max } => text_too_long(lang, field, *max),
        R::ControlCharacter => tr!(
            lang,
            "`{field}` contient un caractère invalide (caractère de contrôle) : retirez-le.",
            "`{field}` holds an invalid character (a control character): remove it."
        ),
        R::BadDate { got } => bad_date(lang, field, got),
        R::EndBeforeStart { start, end } => planning_end_before_start(lang, *start, *end),
        R::SpanTooLong => planning_too_long(lang),
        R::WeekOffsetTooLarge => week_offset_too_large(lang),
        R::PurgeRange => purge_range(lang),
        R::ChantierName => chantier_name_invalid(lang),
        R::ChantierExists { name } => chantier_exists(lang, name),
        R::ChantierArchived { name } => chantier_archived(lang, name),
        R::TaskDone { id } => task_is_done(lang, *id),
        R::TaskCancelled { id } => task_is_cancelled(lang, *id),
        R::TaskAlreadyCancelled { id } => task_already_cancelled(lang, *id),
        R::WrongChannelType { kind, got } => config_channel_wrong_type(lang, *kind, got),
        R::ExpiredButton => expired_button(lang),
        R::BadOptions { detail } => bad_options(lang, detail),
    }
}

/// Why this member may not do this.
pub fn refused(lang: Lang, refusal: &crate::commands::Refusal) -> String {
    match refusal {
        crate::commands::Refusal::NotOnTask { id } => forbidden_on_task(lang, *id),
        crate::commands::Refusal::CreatorOrManager { id } => {
            forbidden_creator_or_manager(lang, *id)
        }
    }
}

/// What was not found.
pub fn missing(lang: Lang, missing: &crate::commands::Missing) -> String {
    match missing {
        crate::commands::Missing::Task { id } => task_not_found(lang, *id),
        crate::commands::Missing::Chantier { name, suggestions } => {
            chantier_unknown(lang, name, suggestions)
        }
        crate::commands::Missing::Command { name } => help_unknown(lang, name),
        crate::commands::Missing::Record => tr!(
            lang,
            "Introuvable : l'élément a peut-être été supprimé entre-temps.",
            "Not found: it may have been deleted meanwhile."
        ),
    }
}

/// A write refused by a uniqueness rule of the database.
pub fn conflict(lang: Lang) -> String {
    tr!(
        lang,
        "Cela existe déjà : rien n'a été modifié.",
        "That already exists: nothing was changed."
    )
}

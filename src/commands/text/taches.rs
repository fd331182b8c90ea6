//! Tasks.

use super::*;

pub struct TaskLabels {
    pub assignee: &'static str,
    pub chantier: &'static str,
    pub description: &'static str,
    pub due: &'static str,
    pub status: &'static str,
    pub creator: &'static str,
}

pub fn task_labels(lang: Lang) -> TaskLabels {
    match lang {
        Lang::Fr => TaskLabels {
            assignee: "Assignée à",
            chantier: "Chantier",
            description: "Description",
            due: "Échéance",
            status: "Statut",
            creator: "Créée par",
        },
        Lang::En => TaskLabels {
            assignee: "Assigned to",
            chantier: "Job site",
            description: "Description",
            due: "Due",
            status: "Status",
            creator: "Created by",
        },
    }
}

pub fn task_created_title(lang: Lang, id: i64) -> String {
    tr!(lang, "📋 Nouvelle tâche #{id}", "📋 New task #{id}")
}

pub fn task_created_content(lang: Lang, assignee: Snowflake) -> String {
    tr!(
        lang,
        "<@{assignee}>, une tâche vous a été assignée.",
        "<@{assignee}>, a task was assigned to you."
    )
}

pub fn task_description_limits(lang: Lang) -> String {
    text_too_long(lang, "description", 1000)
}

pub fn tasks_title(lang: Lang, member: Option<Snowflake>, filter: &str) -> String {
    match member {
        Some(m) => tr!(
            lang,
            "📋 Tâches de <@{m}> ({filter})",
            "📋 Tasks of <@{m}> ({filter})"
        ),
        None => tr!(lang, "📋 Tâches ({filter})", "📋 Tasks ({filter})"),
    }
}

pub fn tasks_filter_open(lang: Lang) -> &'static str {
    lang.pick("ouvertes", "open")
}

pub fn tasks_filter_all(lang: Lang) -> &'static str {
    lang.pick("toutes", "all")
}

pub fn tasks_empty(lang: Lang) -> String {
    tr!(lang, "Aucune tâche.", "No task.")
}

pub fn tasks_footer(lang: Lang, page: u32, pages: u32, total: i64) -> String {
    tr!(
        lang,
        "Page {page}/{pages} · {total} tâche(s)",
        "Page {page}/{pages} · {total} task(s)"
    )
}

pub fn due_on(lang: Lang, date: NaiveDate) -> String {
    tr!(lang, "échéance {}", "due {}", short_date(date))
}

pub fn task_not_found(lang: Lang, id: i64) -> String {
    tr!(
        lang,
        "Tâche #{id} introuvable sur ce serveur. `/taches` donne la liste.",
        "Task #{id} not found on this server. `/taches` lists them."
    )
}

pub fn task_done(lang: Lang, id: i64, description: &str) -> String {
    tr!(
        lang,
        "✅ Tâche #{id} terminée : {description}",
        "✅ Task #{id} done: {description}"
    )
}

pub fn task_already_done(lang: Lang, id: i64) -> String {
    tr!(
        lang,
        "👍 La tâche #{id} est déjà terminée, rien à faire.",
        "👍 Task #{id} is already done, nothing to do."
    )
}

pub fn task_is_cancelled(lang: Lang, id: i64) -> String {
    tr!(
        lang,
        "La tâche #{id} est annulée ; elle ne peut plus changer.",
        "Task #{id} is cancelled; it cannot change any more."
    )
}

pub fn task_already_cancelled(lang: Lang, id: i64) -> String {
    tr!(
        lang,
        "La tâche #{id} est déjà annulée.",
        "Task #{id} is already cancelled."
    )
}

pub fn task_is_done(lang: Lang, id: i64) -> String {
    tr!(
        lang,
        "La tâche #{id} est déjà terminée ; elle ne peut plus être annulée ni réassignée.",
        "Task #{id} is already done; it can no longer be cancelled or reassigned."
    )
}

pub fn task_reassigned(lang: Lang, id: i64, from: Snowflake, to: Snowflake) -> String {
    tr!(
        lang,
        "🔁 Tâche #{id} réassignée de <@{from}> à <@{to}>.",
        "🔁 Task #{id} reassigned from <@{from}> to <@{to}>."
    )
}

pub fn task_same_assignee(lang: Lang, id: i64, to: Snowflake) -> String {
    tr!(
        lang,
        "La tâche #{id} est déjà assignée à <@{to}>.",
        "Task #{id} is already assigned to <@{to}>."
    )
}

pub fn task_cancelled(lang: Lang, id: i64) -> String {
    tr!(
        lang,
        "🗑️ Tâche #{id} annulée (elle reste dans l'historique).",
        "🗑️ Task #{id} cancelled (kept in history)."
    )
}

pub fn previous(lang: Lang) -> &'static str {
    lang.pick("Précédent", "Previous")
}

pub fn next(lang: Lang) -> &'static str {
    lang.pick("Suivant", "Next")
}

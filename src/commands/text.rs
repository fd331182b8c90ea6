//! Every string a user reads: replies, errors, command and option descriptions, in French
//! (default) and English (for `en-*` locales). Handlers never spell a sentence themselves.

use chrono::{Datelike, NaiveDate, Weekday};
use twilight_interactions::command::{DescLocalizations, NameLocalizations};
use twilight_model::guild::Permissions;

use crate::{
    id::Snowflake,
    store::{Level, TaskStatus},
};

/// Language of a reply, from the interaction's locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// English for `en-US`, `en-GB`, …; French otherwise.
    pub fn from_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l.starts_with("en") => Lang::En,
            _ => Lang::Fr,
        }
    }

    /// `fr` or `en`.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

/// French text (`$fr`) or English text (`$en`), both `format!` strings.
macro_rules! tr {
    ($lang:expr, $fr:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            Lang::Fr => format!($fr $(, $arg)*),
            Lang::En => format!($en $(, $arg)*),
        }
    };
}
pub(crate) use tr;

// ---------------------------------------------------------------------------------------------
// Declarations: command and option descriptions (French fallback + en-US/en-GB).

macro_rules! desc {
    ($($name:ident: $fr:literal, $en:literal;)*) => {
        /// Descriptions used by the command declarations.
        pub mod desc {
            use super::DescLocalizations;
            $(
                pub fn $name() -> DescLocalizations {
                    DescLocalizations::new($fr, [("en-US", $en), ("en-GB", $en)])
                }
            )*
        }
    };
}

desc! {
    ping: "Vérifie que le bot répond et mesure sa latence", "Check that the bot answers and measure its latency";
    info: "Version, disponibilité et chiffres du bot", "Bot version, uptime and figures";
    aide: "Liste des commandes, ou le détail d'une commande", "List the commands, or details of one";
    aide_commande: "Commande à détailler", "Command to describe";
    creerchantier: "Crée un chantier (admin)", "Create a job site (admin)";
    creerchantier_nom: "Nom du chantier", "Job site name";
    chantiers: "Liste des chantiers actifs et de leurs tâches ouvertes", "Active job sites and their open tasks";
    tache: "Crée une tâche pour un membre sur un chantier", "Create a task for a member on a job site";
    tache_membre: "Membre à qui la tâche est assignée", "Member the task is assigned to";
    chantier: "Chantier", "Job site";
    tache_description: "Ce qu'il faut faire", "What needs to be done";
    tache_echeance: "Échéance (JJ/MM)", "Due date (DD/MM)";
    taches: "Liste des tâches (ouvertes par défaut)", "List tasks (open ones by default)";
    taches_membre: "Seulement les tâches de ce membre", "Only this member's tasks";
    taches_statut: "Statut des tâches à afficher", "Status of the tasks to show";
    done: "Marque une tâche comme terminée", "Mark a task as done";
    task_id: "Numéro de la tâche", "Task number";
    reassigner: "Réassigne une tâche à un autre membre", "Reassign a task to another member";
    reassigner_membre: "Nouveau responsable de la tâche", "New assignee of the task";
    annuler: "Annule une tâche (elle reste dans l'historique)", "Cancel a task (kept in history)";
    planifier: "Planifie un membre sur un chantier (manager)", "Schedule a member on a job site (manager)";
    planifier_membre: "Membre à planifier", "Member to schedule";
    planifier_debut: "Premier jour (JJ/MM)", "First day (DD/MM)";
    planifier_fin: "Dernier jour (JJ/MM)", "Last day (DD/MM)";
    planifier_notes: "Notes (matériel, horaires…)", "Notes (equipment, hours…)";
    monplanning: "Planning de cette semaine et de la suivante", "Schedule for this week and next";
    monplanning_membre: "Voir le planning de ce membre", "Show this member's schedule";
    semaine: "Planning de toute l'équipe pour la semaine", "The whole team's schedule for the week";
    semaine_decalage: "Décalage en semaines (1 = semaine prochaine, -1 = précédente)", "Offset in weeks (1 = next week, -1 = last week)";
    config: "Configuration du bot sur ce serveur (admin)", "Bot configuration on this server (admin)";
    config_role: "Associe un rôle Discord à un niveau", "Map a Discord role to a level";
    config_role_niveau: "Niveau donné par ce rôle", "Level granted by this role";
    config_role_role: "Rôle Discord", "Discord role";
    config_voir: "Affiche la configuration", "Show the configuration";
    auditserveur: "Exporte salons, rôles et permissions du serveur en fichier JSON (admin)", "Export the server's channels, roles and permissions as a JSON file (admin)";
    creerchantier_adresse: "Adresse du chantier (sujet de son salon)", "Job site address (topic of its channel)";
    archiverchantier: "Archive un chantier : son salon passe aux archives, en lecture seule (admin)", "Archive a job site: its channel moves to the archives, read-only (admin)";
    archiverchantier_nom: "Chantier à archiver", "Job site to archive";
    chantiers_statut: "Chantiers actifs (par défaut) ou archivés", "Active (default) or archived job sites";
    config_salon: "Choisit le salon ou la catégorie d'un usage", "Choose the channel or category used for a purpose";
    config_salon_type: "Usage : planning, modération, alertes (salons) ; chantiers, archives (catégories)", "Purpose: planning, moderation, alerts (channels); job sites, archives (categories)";
    config_salon_salon: "Salon textuel, ou catégorie pour chantiers et archives", "Text channel, or category for job sites and archives";
    avertir: "Avertit un membre : enregistré, envoyé en MP, journalisé (manager)", "Warn a member: recorded, sent by DM, logged (manager)";
    avertir_membre: "Membre à avertir", "Member to warn";
    avertir_raison: "Raison de l'avertissement", "Reason for the warning";
    sanctions: "Historique des avertissements d'un membre (manager)", "A member's warning history (manager)";
    sanctions_membre: "Membre dont voir l'historique", "Member whose history to show";
    purge: "Supprime les derniers messages de ce salon (manager)", "Delete this channel's latest messages (manager)";
    purge_nombre: "Nombre de messages à supprimer (1 à 100)", "How many messages to delete (1 to 100)";
}

fn en(name: &str) -> NameLocalizations {
    NameLocalizations::new([("en-US", name), ("en-GB", name)])
}

/// English names of the choices of the `statut` option.
pub mod choice {
    use super::{NameLocalizations, en};
    pub fn a_faire() -> NameLocalizations {
        en("To do")
    }
    pub fn en_cours() -> NameLocalizations {
        en("In progress")
    }
    pub fn terminee() -> NameLocalizations {
        en("Done")
    }
    pub fn annulee() -> NameLocalizations {
        en("Cancelled")
    }
    pub fn toutes() -> NameLocalizations {
        en("All")
    }
    pub fn membre() -> NameLocalizations {
        en("member (removes the mapping)")
    }
    pub fn salon_moderation() -> NameLocalizations {
        en("moderation")
    }
    pub fn salon_chantiers() -> NameLocalizations {
        en("job sites (category)")
    }
    pub fn salon_archives() -> NameLocalizations {
        en("archives (category)")
    }
    pub fn salon_alertes() -> NameLocalizations {
        en("alerts")
    }
    pub fn actifs() -> NameLocalizations {
        en("active")
    }
    pub fn archives() -> NameLocalizations {
        en("archived")
    }
}

// ---------------------------------------------------------------------------------------------
// Common words.

pub fn status(lang: Lang, status: TaskStatus) -> &'static str {
    match (status, lang) {
        (TaskStatus::AFaire, Lang::Fr) => "À faire",
        (TaskStatus::AFaire, Lang::En) => "To do",
        (TaskStatus::EnCours, Lang::Fr) => "En cours",
        (TaskStatus::EnCours, Lang::En) => "In progress",
        (TaskStatus::Terminee, Lang::Fr) => "Terminée",
        (TaskStatus::Terminee, Lang::En) => "Done",
        (TaskStatus::Annulee, Lang::Fr) => "Annulée",
        (TaskStatus::Annulee, Lang::En) => "Cancelled",
    }
}

pub fn level(lang: Lang, level: Level) -> &'static str {
    match level {
        Level::Admin => "admin",
        Level::Manager => "manager",
        Level::Member => lang.pick("membre", "member"),
    }
}

/// `lun. 02/12` / `Mon 02/12`.
pub fn day(lang: Lang, date: NaiveDate) -> String {
    let name = match (date.weekday(), lang) {
        (Weekday::Mon, Lang::Fr) => "lun.",
        (Weekday::Tue, Lang::Fr) => "mar.",
        (Weekday::Wed, Lang::Fr) => "mer.",
        (Weekday::Thu, Lang::Fr) => "jeu.",
        (Weekday::Fri, Lang::Fr) => "ven.",
        (Weekday::Sat, Lang::Fr) => "sam.",
        (Weekday::Sun, Lang::Fr) => "dim.",
        (Weekday::Mon, Lang::En) => "Mon",
        (Weekday::Tue, Lang::En) => "Tue",
        (Weekday::Wed, Lang::En) => "Wed",
        (Weekday::Thu, Lang::En) => "Thu",
        (Weekday::Fri, Lang::En) => "Fri",
        (Weekday::Sat, Lang::En) => "Sat",
        (Weekday::Sun, Lang::En) => "Sun",
    };
    format!("{name} {}", short_date(date))
}

/// `02/12`.
pub fn short_date(date: NaiveDate) -> String {
    date.format("%d/%m").to_string()
}

/// `02/12/2026`.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

pub fn none(lang: Lang) -> &'static str {
    lang.pick("aucune", "none")
}

// ---------------------------------------------------------------------------------------------
// Errors shown to users.

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

// ---------------------------------------------------------------------------------------------
// Utilities.

pub fn pong(lang: Lang, micros: u128) -> String {
    let ms = micros as f64 / 1000.0;
    tr!(
        lang,
        "🏓 Pong ! Traitement en {ms:.2} ms.",
        "🏓 Pong! Handled in {ms:.2} ms."
    )
}

pub struct InfoLabels {
    pub title: &'static str,
    pub version: &'static str,
    pub uptime: &'static str,
    pub database: &'static str,
    pub tasks: &'static str,
    pub chantiers: &'static str,
}

pub fn info_labels(lang: Lang) -> InfoLabels {
    match lang {
        Lang::Fr => InfoLabels {
            title: "ℹ️ gvbot",
            version: "Version",
            uptime: "En service depuis",
            database: "Base de données",
            tasks: "Tâches (ouvertes / total)",
            chantiers: "Chantiers actifs",
        },
        Lang::En => InfoLabels {
            title: "ℹ️ gvbot",
            version: "Version",
            uptime: "Uptime",
            database: "Database",
            tasks: "Tasks (open / total)",
            chantiers: "Active job sites",
        },
    }
}

/// `2 j 3 h 4 min` / `2 d 3 h 4 min`.
pub fn duration(lang: Lang, secs: u64) -> String {
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    let day = lang.pick("j", "d");
    match (d, h, m) {
        (0, 0, 0) => format!("{s} s"),
        (0, 0, _) => format!("{m} min {s} s"),
        (0, _, _) => format!("{h} h {m} min"),
        _ => format!("{d} {day} {h} h {m} min"),
    }
}

pub fn help_title(lang: Lang) -> String {
    tr!(lang, "📖 Commandes de gvbot", "📖 gvbot commands")
}

pub fn help_footer(lang: Lang) -> String {
    tr!(
        lang,
        "Détail : /aide commande:<nom> · Les commandes marchent aussi avec ! (ex. !taches)",
        "Details: /aide commande:<name> · Commands also work with ! (e.g. !taches)"
    )
}

pub fn help_usage(lang: Lang) -> &'static str {
    lang.pick("Utilisation", "Usage")
}

pub fn help_options(lang: Lang) -> &'static str {
    lang.pick("Options", "Options")
}

pub fn help_optional(lang: Lang) -> &'static str {
    lang.pick("facultatif", "optional")
}

pub fn help_unknown(lang: Lang, name: &str) -> String {
    tr!(
        lang,
        "Pas de commande `{name}`. `/aide` donne la liste.",
        "No command `{name}`. `/aide` lists them."
    )
}

// ---------------------------------------------------------------------------------------------
// Chantiers.

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

// ---------------------------------------------------------------------------------------------
// Tasks.

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

// ---------------------------------------------------------------------------------------------
// Planning.

pub fn planning_end_before_start(lang: Lang, start: NaiveDate, end: NaiveDate) -> String {
    tr!(
        lang,
        "La fin ({}) est avant le début ({}).",
        "The end ({}) is before the start ({}).",
        long_date(end),
        long_date(start)
    )
}

pub fn planning_too_long(lang: Lang) -> String {
    tr!(
        lang,
        "Une période de planning ne peut pas dépasser 366 jours.",
        "A schedule entry cannot span more than 366 days."
    )
}

pub fn planning_saved(
    lang: Lang,
    user: Snowflake,
    chantier: &str,
    start: NaiveDate,
    end: NaiveDate,
) -> String {
    if start == end {
        tr!(
            lang,
            "📅 <@{user}> planifié sur **{chantier}** le {}.",
            "📅 <@{user}> scheduled on **{chantier}** on {}.",
            day(lang, start)
        )
    } else {
        tr!(
            lang,
            "📅 <@{user}> planifié sur **{chantier}** du {} au {}.",
            "📅 <@{user}> scheduled on **{chantier}** from {} to {}.",
            day(lang, start),
            day(lang, end)
        )
    }
}

pub fn planning_overlap(lang: Lang, overlaps: &[String]) -> String {
    let list = overlaps.join("\n");
    tr!(
        lang,
        "⚠️ Chevauche déjà (enregistré quand même) :\n{list}",
        "⚠️ Overlaps (saved anyway):\n{list}"
    )
}

pub fn planning_range(start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        short_date(start)
    } else {
        format!("{}–{}", short_date(start), short_date(end))
    }
}

pub fn my_planning_title(lang: Lang, user: Snowflake) -> String {
    tr!(lang, "📅 Planning de <@{user}>", "📅 Schedule of <@{user}>")
}

pub fn my_planning_span(lang: Lang, from: NaiveDate, to: NaiveDate) -> String {
    tr!(
        lang,
        "Du {} au {}",
        "From {} to {}",
        day(lang, from),
        day(lang, to)
    )
}

pub fn planning_empty(lang: Lang) -> String {
    tr!(
        lang,
        "Rien de planifié sur cette période.",
        "Nothing scheduled in this period."
    )
}

pub fn week_title(lang: Lang, from: NaiveDate, to: NaiveDate) -> String {
    tr!(
        lang,
        "🗓️ Semaine du {} au {}",
        "🗓️ Week of {} to {}",
        short_date(from),
        long_date(to)
    )
}

pub fn week_offset_too_large(lang: Lang) -> String {
    tr!(
        lang,
        "Le décalage doit être entre -52 et 52 semaines.",
        "The offset must be between -52 and 52 weeks."
    )
}

// ---------------------------------------------------------------------------------------------
// Configuration.

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

// ---------------------------------------------------------------------------------------------
// Calls to Discord and deferred replies.

/// A permission as Discord's own client names it; others by their API name
/// (`MANAGE_WEBHOOKS`).
pub fn permission(lang: Lang, permission: Permissions) -> String {
    let (fr, en) = match permission {
        Permissions::ADMINISTRATOR => ("Administrateur", "Administrator"),
        Permissions::VIEW_CHANNEL => ("Voir les salons", "View Channels"),
        Permissions::MANAGE_CHANNELS => ("Gérer les salons", "Manage Channels"),
        Permissions::MANAGE_ROLES => ("Gérer les rôles", "Manage Roles"),
        Permissions::MANAGE_GUILD => ("Gérer le serveur", "Manage Server"),
        Permissions::SEND_MESSAGES => ("Envoyer des messages", "Send Messages"),
        Permissions::EMBED_LINKS => ("Intégrer des liens", "Embed Links"),
        Permissions::ATTACH_FILES => ("Joindre des fichiers", "Attach Files"),
        Permissions::READ_MESSAGE_HISTORY => ("Voir les anciens messages", "Read Message History"),
        Permissions::MANAGE_MESSAGES => ("Gérer les messages", "Manage Messages"),
        Permissions::MODERATE_MEMBERS => ("Exclure temporairement des membres", "Timeout Members"),
        Permissions::KICK_MEMBERS => ("Expulser des membres", "Kick Members"),
        Permissions::BAN_MEMBERS => ("Bannir des membres", "Ban Members"),
        Permissions::MANAGE_WEBHOOKS => ("Gérer les webhooks", "Manage Webhooks"),
        Permissions::VIEW_AUDIT_LOG => ("Voir les logs du serveur", "View Audit Log"),
        Permissions::MANAGE_THREADS => ("Gérer les fils", "Manage Threads"),
        other => {
            let names: Vec<&str> = other.iter_names().map(|(name, _)| name).collect();
            return names.join(" + ");
        }
    };
    lang.pick(fr, en).to_owned()
}

/// Several permissions, each in bold: `**Gérer les salons**, **Gérer les rôles**`.
pub fn permission_list(lang: Lang, permissions: Permissions) -> String {
    permissions
        .iter()
        .map(|p| format!("**{}**", permission(lang, p)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Discord answered 403. `needs`: the permissions the refused action requires, when known;
/// `code` 50001 is "Missing Access" (the bot cannot see the server or channel at all).
pub fn discord_missing_permission(lang: Lang, needs: Permissions, code: u64) -> String {
    if !needs.is_empty() {
        let list = permission_list(lang, needs);
        return tr!(
            lang,
            "🔒 Discord a refusé : il manque au bot la permission {list} ici. Donnez-la au rôle du bot (Paramètres du serveur → Rôles), puis réessayez.",
            "🔒 Discord refused: the bot lacks the {list} permission here. Grant it to the bot's role (Server Settings → Roles), then try again."
        );
    }
    if code == 50001 {
        return tr!(
            lang,
            "🔒 Discord a refusé : le bot n'a pas accès à ce serveur ou à ce salon (Missing Access). Vérifiez qu'il en est membre et qu'il peut voir le salon.",
            "🔒 Discord refused: the bot has no access to this server or channel (Missing Access). Check that it is a member and can see the channel."
        );
    }
    tr!(
        lang,
        "🔒 Discord a refusé : il manque au bot une permission pour cette action (Missing Permissions). Vérifiez les permissions du rôle du bot.",
        "🔒 Discord refused: the bot lacks a permission for this action (Missing Permissions). Check the bot role's permissions."
    )
}

/// Discord answered 404; `what` is Discord's message (`Unknown Channel`).
pub fn discord_not_found(lang: Lang, what: &str) -> String {
    let thing = match (what, lang) {
        ("Unknown Channel", Lang::Fr) => "le salon",
        ("Unknown Channel", Lang::En) => "the channel",
        ("Unknown Guild", Lang::Fr) => "le serveur",
        ("Unknown Guild", Lang::En) => "the server",
        ("Unknown Role", Lang::Fr) => "le rôle",
        ("Unknown Role", Lang::En) => "the role",
        ("Unknown Member", Lang::Fr) => "le membre",
        ("Unknown Member", Lang::En) => "the member",
        ("Unknown User", Lang::Fr) => "l'utilisateur",
        ("Unknown User", Lang::En) => "the user",
        ("Unknown Message", Lang::Fr) => "le message",
        ("Unknown Message", Lang::En) => "the message",
        (other, _) => other,
    };
    tr!(
        lang,
        "❓ Discord ne trouve pas {thing} ({what}) : il a peut-être été supprimé, ou le bot ne le voit pas.",
        "❓ Discord cannot find {thing} ({what}): it may have been deleted, or the bot cannot see it."
    )
}

/// Discord kept answering 429 (or asked for a longer wait than a call may take).
pub fn discord_rate_limited(lang: Lang, secs: u64) -> String {
    tr!(
        lang,
        "⏳ Discord nous limite : réessayez dans {secs} s.",
        "⏳ Discord limits us: retry in {secs} s."
    )
}

/// gvbot lacks a setting (`DISCORD_TOKEN`…) to call Discord.
pub fn discord_not_configured(lang: Lang, var: &str, error_id: &str) -> String {
    tr!(
        lang,
        "⚙️ gvbot n'est pas configuré pour appeler Discord : la variable `{var}` manque. Prévenez l'administrateur du bot (code `{error_id}`).",
        "⚙️ gvbot is not set up to call Discord: the `{var}` variable is missing. Tell the bot's administrator (code `{error_id}`)."
    )
}

/// A slow command on a deployment that cannot finish work after answering (Lambda without
/// its worker function).
pub fn deferred_unavailable(lang: Lang) -> String {
    tr!(
        lang,
        "⏳ Cette commande prend du temps et ce déploiement ne peut pas encore la terminer en arrière-plan. Prévenez un admin.",
        "⏳ This command takes a while and this deployment cannot finish it in the background yet. Tell an admin."
    )
}

/// The deferred result could not be posted (Discord refused it); the "thinking…" message is
/// replaced by this.
pub fn delivery_failed(lang: Lang, error_id: &str) -> String {
    tr!(
        lang,
        "❌ Le résultat n'a pas pu être envoyé sur Discord. Si cela se reproduit, transmettez ce code à un admin : `{error_id}`.",
        "❌ The result could not be posted to Discord. If it happens again, give this code to an admin: `{error_id}`."
    )
}

// ---------------------------------------------------------------------------------------------
// Server audit.

pub struct AuditLabels {
    pub members: &'static str,
    pub roles: &'static str,
    pub categories: &'static str,
    pub channels: &'static str,
    pub overwrites: &'static str,
    pub bot_missing: &'static str,
    pub nothing_missing: &'static str,
}

pub fn audit_labels(lang: Lang) -> AuditLabels {
    match lang {
        Lang::Fr => AuditLabels {
            members: "Membres (environ)",
            roles: "Rôles",
            categories: "Catégories",
            channels: "Salons",
            overwrites: "Permissions spécifiques",
            bot_missing: "Permissions manquantes du bot",
            nothing_missing: "Aucune ✅",
        },
        Lang::En => AuditLabels {
            members: "Members (approx.)",
            roles: "Roles",
            categories: "Categories",
            channels: "Channels",
            overwrites: "Permission overwrites",
            bot_missing: "Bot's missing permissions",
            nothing_missing: "None ✅",
        },
    }
}

pub fn audit_title(lang: Lang, guild: &str) -> String {
    tr!(lang, "🔎 Audit de {guild}", "🔎 Audit of {guild}")
}

pub fn audit_footer(lang: Lang, file: &str) -> String {
    tr!(
        lang,
        "Détail complet dans le fichier joint {file}",
        "Full details in the attached file {file}"
    )
}

// ---------------------------------------------------------------------------------------------
// Alerts (posted to ALERT_WEBHOOK_URL, read by the bot's operators).

/// Title of an alert of `kind` (`internal`, `deferred`, `discord`).
pub fn alert_title(lang: Lang, kind: &str) -> String {
    match kind {
        "internal" => tr!(
            lang,
            "⚠️ gvbot : erreur interne",
            "⚠️ gvbot: internal error"
        ),
        "deferred" => tr!(
            lang,
            "⚠️ gvbot : travail différé en échec",
            "⚠️ gvbot: deferred work failed"
        ),
        "discord" => tr!(
            lang,
            "⚠️ gvbot : appels à Discord en échec répété",
            "⚠️ gvbot: calls to Discord keep failing"
        ),
        other => tr!(lang, "⚠️ gvbot : {other}", "⚠️ gvbot: {other}"),
    }
}

pub struct AlertLabels {
    pub kind: &'static str,
    pub command: &'static str,
    pub error_id: &'static str,
    pub time: &'static str,
    pub guild: &'static str,
    pub detail: &'static str,
    pub footer: &'static str,
}

pub fn alert_labels(lang: Lang) -> AlertLabels {
    match lang {
        Lang::Fr => AlertLabels {
            kind: "Type",
            command: "Commande",
            error_id: "Code d'erreur",
            time: "Heure",
            guild: "Serveur",
            detail: "Détail",
            footer: "Au plus une alerte de ce type toutes les 5 minutes ; le détail est dans les logs (chercher le code).",
        },
        Lang::En => AlertLabels {
            kind: "Kind",
            command: "Command",
            error_id: "Error id",
            time: "Time",
            guild: "Server",
            detail: "Detail",
            footer: "At most one alert of this kind every 5 minutes; details are in the logs (search for the id).",
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Planning calendar feed (`/config voir`).

pub fn config_calendar(lang: Lang) -> &'static str {
    lang.pick(
        "📅 Planning en calendrier (iCalendar)",
        "📅 Schedule as a calendar (iCalendar)",
    )
}

pub fn config_calendar_url(lang: Lang, url: &str) -> String {
    tr!(
        lang,
        "{url}\nÀ ajouter par URL dans Google Agenda, Thunderbird, Outlook… Secret : quiconque a ce lien voit le planning (`POST /api/discord/calendar/rotate` en donne un nouveau).",
        "{url}\nAdd it by URL in Google Calendar, Thunderbird, Outlook… Secret: anyone with this link sees the schedule (`POST /api/discord/calendar/rotate` issues a new one)."
    )
}

pub fn config_calendar_unset(lang: Lang) -> String {
    tr!(
        lang,
        "Définir `PUBLIC_URL` (adresse publique de gvbot) pour afficher ici le lien du calendrier ; l'API le donne aussi : `GET /api/discord/calendar`.",
        "Set `PUBLIC_URL` (gvbot's public address) to show the calendar link here; the API gives it too: `GET /api/discord/calendar`."
    )
}

// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// Moderation.

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

// ---------------------------------------------------------------------------------------------
// Client errors of the core ([`super::CommandError`]), rendered from their typed reasons.

/// What is wrong with option `field`.
pub fn invalid(lang: Lang, field: &str, reason: &super::Reason) -> String {
    use super::Reason as R;
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
pub fn refused(lang: Lang, refusal: &super::Refusal) -> String {
    match refusal {
        super::Refusal::NotOnTask { id } => forbidden_on_task(lang, *id),
        super::Refusal::CreatorOrManager { id } => forbidden_creator_or_manager(lang, *id),
    }
}

/// What was not found.
pub fn missing(lang: Lang, missing: &super::Missing) -> String {
    match missing {
        super::Missing::Task { id } => task_not_found(lang, *id),
        super::Missing::Chantier { name, suggestions } => chantier_unknown(lang, name, suggestions),
        super::Missing::Command { name } => help_unknown(lang, name),
        super::Missing::Record => tr!(
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

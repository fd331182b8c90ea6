//! `/ping`, `/info`, `/aide`.

use super::*;

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

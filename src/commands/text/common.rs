//! Common words: statuses, levels, dates.

use super::*;

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

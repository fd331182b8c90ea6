//! Planning, and its calendar feed.

use super::*;

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

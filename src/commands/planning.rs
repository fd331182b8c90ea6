//! Planning: who works where. `/planifier` (manager), `/monplanning`, `/semaine`.
//! Dates are calendar days in the configured time zone (Europe/Paris).

use super::Completion;
use super::Reason;
use super::values::PlanningNotes;
use crate::store::StoreError;
use async_trait::async_trait;
use chrono::{Days, NaiveDate};
use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::id::{Id, marker::UserMarker};
use twilight_util::builder::embed::{EmbedBuilder, EmbedFieldBuilder};

use super::{COLOR, Command, CommandError, Invocation, Lang, Reply, chantiers, dates, text};
use crate::{
    app::App,
    id::Snowflake,
    store::{Level, NewPlanningEntry, PlanningEntry},
};

/// Longest entry accepted, in days.
const SPAN_MAX: i64 = 366;

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "planifier",
    desc_localizations = "text::desc::planifier",
    contexts = "guild"
)]
pub struct Planifier {
    #[command(desc_localizations = "text::desc::planifier_membre")]
    pub membre: Id<UserMarker>,
    #[command(
        desc_localizations = "text::desc::chantier",
        autocomplete = true,
        max_length = 100
    )]
    pub chantier: String,
    #[command(desc_localizations = "text::desc::planifier_debut", max_length = 10)]
    pub debut: String,
    #[command(desc_localizations = "text::desc::planifier_fin", max_length = 10)]
    pub fin: String,
    #[command(desc_localizations = "text::desc::planifier_notes", max_length = 500)]
    pub notes: Option<String>,
}

#[async_trait]
impl Command for Planifier {
    const REST: Option<&'static str> = Some("notes");
    const LEVEL: Level = Level::Manager;

    const COMPLETIONS: &'static [(&'static str, Completion)] =
        &[("chantier", Completion::Chantier)];

    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        inv.guild()?;
        let lang = inv.lang;
        let user = Snowflake::from(self.membre);
        let (entry, overlapping) = plan(
            app,
            inv,
            user,
            &self.chantier,
            &self.debut,
            &self.fin,
            self.notes.as_deref(),
        )
        .await?;
        let (start, end) = (entry.start_date, entry.end_date);
        let mut content = text::planning_saved(lang, user, &entry.chantier, start, end);
        if !overlapping.is_empty() {
            let lines: Vec<String> = overlapping
                .iter()
                .map(|e| {
                    format!(
                        "• **{}** {}",
                        e.chantier,
                        text::planning_range(e.start_date, e.end_date)
                    )
                })
                .collect();
            content.push('\n');
            content.push_str(&text::planning_overlap(lang, &lines));
        }
        Ok(Reply::text(content))
    }
}

/// Schedule `user` on the active chantier `chantier_name` from `start` to `end` (both
/// inclusive), by `inv.user_id` in `inv`'s guild: the one rule set behind `/planifier`, `!planifier`
/// and `POST /api/discord/planning`. Dates are `JJ/MM[/AAAA]` (the start's year is the one
/// nearest today, the end's the one nearest the start) or ISO `AAAA-MM-JJ`.
///
/// Returns the saved entry and the user's entries it overlaps: an overlap is pointed out, never
/// refused. A bad date is `Invalid` naming `debut` or `fin`; an end before the start or a span
/// over 366 days is `Invalid`; bad notes are `Invalid` naming `notes`; an unknown chantier is
/// `NotFound` naming the closest names, an archived one `Invalid`. Permission checks are the
/// caller's.
pub async fn plan(
    app: &App,
    inv: &Invocation,
    user: Snowflake,
    chantier_name: &str,
    start: &str,
    end: &str,
    notes: Option<&str>,
) -> Result<(PlanningEntry, Vec<PlanningEntry>), CommandError> {
    let guild = inv.guild()?;
    let start_raw = start;
    let start =
        parse_date(start_raw, app.today()).ok_or_else(|| dates::bad_date("debut", start_raw))?;
    // The end's year is the one nearest the start: 20/12 → 05/01 spans the new year.
    let end = parse_date(end, start).ok_or_else(|| dates::bad_date("fin", end))?;
    if end < start {
        return Err(CommandError::invalid(
            "fin",
            Reason::EndBeforeStart { start, end },
        ));
    }
    if (end - start).num_days() >= SPAN_MAX {
        return Err(CommandError::invalid("fin", Reason::SpanTooLong));
    }
    let notes = match notes.map(str::trim) {
        None | Some("") => None,
        Some(n) => Some(PlanningNotes::parse(n)?.into_string()),
    };
    let chantier = chantiers::resolve(app, guild, chantier_name).await?;
    let overlapping = app
        .store
        .planning_between(guild, start, end, Some(user))
        .await?;
    let entry = app
        .store
        .add_planning(
            &NewPlanningEntry {
                guild_id: guild,
                user_id: user,
                chantier_id: chantier.id,
                start_date: start,
                end_date: end,
                notes,
                created_by: inv.user_id,
            },
            app.now(),
        )
        .await?;
    super::figures_changed(app).await;
    Ok((entry, overlapping))
}

/// Remove planning entry `id` for good (the REST API's DELETE).
pub async fn unplan(app: &App, guild: Snowflake, id: i64) -> Result<(), StoreError> {
    app.store.delete_planning(guild, id).await?;
    super::figures_changed(app).await;
    Ok(())
}

/// A day as crews type it ([`dates::parse_day`]) or as machines send it (`AAAA-MM-JJ`).
fn parse_date(input: &str, reference: NaiveDate) -> Option<NaiveDate> {
    let input = input.trim();
    NaiveDate::parse_from_str(input, "%Y-%m-%d")
        .ok()
        .filter(|_| input.len() == 10)
        .or_else(|| dates::parse_day(input, reference))
}

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "monplanning",
    desc_localizations = "text::desc::monplanning",
    contexts = "guild"
)]
pub struct MonPlanning {
    #[command(desc_localizations = "text::desc::monplanning_membre")]
    pub membre: Option<Id<UserMarker>>,
}

#[async_trait]
impl Command for MonPlanning {
    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        let lang = inv.lang;
        let user = self.membre.map_or(inv.user_id, Snowflake::from);
        let from = dates::week_start(app.today());
        let to = from + Days::new(13);
        let entries = app
            .store
            .planning_between(guild, from, to, Some(user))
            .await?;
        let lines: Vec<String> = dates::days(from, to)
            .filter_map(|day| {
                let todays: Vec<String> = covering(&entries, day)
                    .map(|e| match &e.notes {
                        Some(n) => format!("**{}** ({})", e.chantier, chantiers::truncate(n, 100)),
                        None => format!("**{}**", e.chantier),
                    })
                    .collect();
                (!todays.is_empty())
                    .then(|| format!("`{}` {}", text::day(lang, day), todays.join(" · ")))
            })
            .collect();
        let body = if lines.is_empty() {
            text::planning_empty(lang)
        } else {
            lines.join("\n")
        };
        let embed = EmbedBuilder::new()
            .title(text::my_planning_title(lang, user))
            .color(COLOR)
            .description(chantiers::truncate(
                &format!("{}\n\n{body}", text::my_planning_span(lang, from, to)),
                4000,
            ))
            .build();
        Ok(Reply::embed(embed))
    }
}

#[derive(CommandModel, CreateCommand, Debug)]
#[command(
    name = "semaine",
    desc_localizations = "text::desc::semaine",
    contexts = "guild"
)]
pub struct Semaine {
    #[command(desc_localizations = "text::desc::semaine_decalage", min_value = -52, max_value = 52)]
    pub decalage: Option<i64>,
}

#[async_trait]
impl Command for Semaine {
    async fn run(self, app: &App, inv: &Invocation) -> Result<Reply, CommandError> {
        let guild = inv.guild()?;
        let lang = inv.lang;
        let offset = self.decalage.unwrap_or(0);
        if !(-52..=52).contains(&offset) {
            return Err(CommandError::invalid(
                "decalage",
                Reason::WeekOffsetTooLarge,
            ));
        }
        let this_week = dates::week_start(app.today());
        let from = if offset >= 0 {
            this_week + Days::new(offset.unsigned_abs() * 7)
        } else {
            this_week - Days::new(offset.unsigned_abs() * 7)
        };
        let to = from + Days::new(6);
        let entries = app.store.planning_between(guild, from, to, None).await?;
        Ok(Reply::embed(week_embed(lang, from, to, &entries)))
    }
}

/// One field per day, Monday to Sunday: who works on which chantier.
fn week_embed(
    lang: Lang,
    from: NaiveDate,
    to: NaiveDate,
    entries: &[PlanningEntry],
) -> twilight_model::channel::message::Embed {
    let mut embed = EmbedBuilder::new()
        .title(text::week_title(lang, from, to))
        .color(COLOR);
    if entries.is_empty() {
        embed = embed.description(text::planning_empty(lang));
    }
    for day in dates::days(from, to) {
        let lines: Vec<String> = covering(entries, day)
            .map(|e| format!("<@{}> — **{}**", e.user_id, e.chantier))
            .collect();
        let value = if lines.is_empty() {
            "—".to_owned()
        } else {
            lines.join("\n")
        };
        embed = embed.field(EmbedFieldBuilder::new(
            text::day(lang, day),
            chantiers::truncate(&value, 1024),
        ));
    }
    embed.build()
}

fn covering(entries: &[PlanningEntry], day: NaiveDate) -> impl Iterator<Item = &PlanningEntry> {
    entries
        .iter()
        .filter(move |e| e.start_date <= day && day <= e.end_date)
}

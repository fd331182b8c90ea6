//! `GET /stats` (seed-compatible): the figures of a guild for dashboards.

use std::collections::BTreeMap;

use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
};
use chrono::{Days, NaiveDate};
use serde::Serialize;
use utoipa::ToSchema;

use super::{ApiError, ErrorBody, Snowflake, auth::Authorized, guild, tasks::GuildQuery};
use crate::{app::SharedApp, commands::dates, store::TaskStatus};

/// Figures of one guild.
#[derive(Debug, Serialize, ToSchema)]
pub struct Stats {
    pub guild_id: String,
    /// Tasks per status code (`a_faire`, `en_cours`, `terminee`, `annulee`), zeros included.
    pub tasks_by_status: BTreeMap<String, i64>,
    pub tasks_total: i64,
    /// `a_faire` + `en_cours`.
    pub tasks_open: i64,
    pub active_chantiers: i64,
    /// Planning entries overlapping the current week (Monday to Sunday, local time).
    pub planning_entries_this_week: i64,
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
}

/// Figures of a guild: tasks by status, active chantiers, this week's planning.
#[utoipa::path(
    get,
    path = "/stats",
    tag = "stats",
    params(GuildQuery),
    responses(
        (status = 200, description = "Figures", body = Stats),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 422, description = "No guild given and GUILD_ID unset", body = ErrorBody),
    )
)]
pub async fn get_stats(
    State(app): State<SharedApp>,
    _: Authorized,
    query: Result<Query<GuildQuery>, QueryRejection>,
) -> Result<Json<Stats>, ApiError> {
    let Query(query) = query.map_err(|err| ApiError::field("query", err.body_text()))?;
    let given = match query.guild_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(
            raw.parse()
                .ok()
                .filter(|n| *n > 0)
                .map(Snowflake)
                .ok_or_else(|| ApiError::field("guild_id", "expected a Discord id (digits)"))?,
        ),
    };
    let guild = guild(&app, given)?;
    let mut tasks_by_status: BTreeMap<String, i64> = TaskStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), 0))
        .collect();
    for (status, n) in app.store.task_status_counts(guild).await? {
        tasks_by_status.insert(status.as_str().to_owned(), n);
    }
    let tasks_total = tasks_by_status.values().sum();
    let tasks_open = TaskStatus::OPEN
        .iter()
        .map(|s| tasks_by_status[s.as_str()])
        .sum();
    let counts = app.store.counts(guild).await?;
    let week_start = dates::week_start(app.today());
    let week_end = week_start + Days::new(6);
    let planning = app
        .store
        .planning_between(guild, week_start, week_end, None)
        .await?;
    Ok(Json(Stats {
        guild_id: guild.to_string(),
        tasks_by_status,
        tasks_total,
        tasks_open,
        active_chantiers: counts.chantiers,
        planning_entries_this_week: i64::try_from(planning.len()).unwrap_or(i64::MAX),
        week_start,
        week_end,
    }))
}

//! `GET /stats` (seed-compatible): the figures of a guild for dashboards.

use std::collections::BTreeMap;

use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiError, ErrorBody, Snowflake, auth::Authorized, guild, id_param, tasks::GuildQuery};
use crate::{app::SharedApp, cache, commands::dates};

/// How long computed figures are reused when nothing is written.
const STATS_TTL: std::time::Duration = std::time::Duration::from_secs(3600);

/// Figures of one guild.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Stats {
    #[schema(value_type = String)]
    pub guild_id: Snowflake,
    /// Tasks per status code (`a_faire`, `en_cours`, `terminee`, `annulee`), zeros included.
    pub tasks_by_status: BTreeMap<String, i64>,
    pub tasks_total: i64,
    /// `a_faire` + `en_cours`.
    pub tasks_open: i64,
    pub active_chantiers: i64,
    /// Planning entries overlapping the current week (Monday to Sunday, local time).
    pub planning_entries_this_week: i64,
    /// Messages logged by the gateway (not deleted), all time.
    pub messages_logged: i64,
    /// Distinct members who wrote a message or ran a command in the last 7 days.
    pub active_users_7d: i64,
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
}

/// Figures of a guild: tasks by status, active chantiers, this week's planning, messages
/// logged, active members.
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
    let given = id_param("guild_id", query.guild_id.as_deref())?;
    let guild = guild(&app, given)?;
    // Cached per guild for an hour; any write starts a new generation (see
    // `cache::invalidate_stats`), so the figures are never staler than the last write.
    let generation = cache::stats_generation(app.cache.as_ref()).await;
    let key = format!("stats:{guild}:{generation}");
    if let Ok(Some(bytes)) = app.cache.get(&key).await
        && let Ok(stats) = serde_json::from_slice::<Stats>(&bytes)
    {
        return Ok(Json(stats));
    }
    let week_start = dates::week_start(app.today());
    let week_end = week_start + Days::new(6);
    let since = app.now() - chrono::Duration::days(7);
    let figures = app
        .store
        .guild_stats(guild, week_start, week_end, since)
        .await?;
    let tasks_by_status: BTreeMap<String, i64> = figures
        .tasks_by_status
        .iter()
        .map(|(status, n)| (status.as_str().to_owned(), *n))
        .collect();
    let tasks_total = tasks_by_status.values().sum();
    let tasks_open = figures
        .tasks_by_status
        .iter()
        .filter(|(status, _)| status.is_open())
        .map(|(_, n)| n)
        .sum();
    let stats = Stats {
        guild_id: guild,
        tasks_by_status,
        tasks_total,
        tasks_open,
        active_chantiers: figures.active_chantiers,
        planning_entries_this_week: figures.planning_entries,
        messages_logged: figures.messages,
        active_users_7d: figures.active_users,
        week_start,
        week_end,
    };
    if let Ok(bytes) = serde_json::to_vec(&stats)
        && let Err(err) = app.cache.set(&key, &bytes, STATS_TTL).await
    {
        tracing::debug!(error = %err, "stats not cached");
    }
    Ok(Json(stats))
}

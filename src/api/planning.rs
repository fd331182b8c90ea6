//! Planning routes: the entries of a period (`GET`), scheduling someone (`POST`, the rules of
//! `/planifier` through [`commands::plan`]: overlaps are saved and pointed out) and removing an
//! entry (`DELETE`). The iCalendar feed of the same entries is in [`super::calendar`].

use axum::{
    Json,
    extract::{Path, Query, State, rejection::PathRejection, rejection::QueryRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    ApiError, ErrorBody, Snowflake,
    auth::Authorized,
    guild, id_param,
    idempotency::Idempotent,
    tasks::{GuildQuery, invocation},
};
use crate::{
    app::{App, SharedApp},
    commands::{self, dates},
    store::PlanningEntry,
};

/// Longest period `GET /api/discord/planning` returns, in days (a year, leap day included).
const SPAN_MAX_DAYS: i64 = 366;

/// A planning entry as the API shows it: `user_id` works on `chantier` every day from
/// `start_date` to `end_date`, both included (local calendar days).
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanningView {
    pub id: i64,
    #[schema(value_type = String)]
    pub guild_id: Snowflake,
    #[schema(value_type = String)]
    pub user_id: Snowflake,
    pub chantier_id: i64,
    pub chantier: String,
    pub start_date: NaiveDate,
    /// Inclusive.
    pub end_date: NaiveDate,
    pub notes: Option<String>,
    /// Who scheduled it (`0`: the API without `created_by`).
    #[schema(value_type = String)]
    pub created_by: Snowflake,
    pub created_at: DateTime<Utc>,
}

impl From<PlanningEntry> for PlanningView {
    fn from(e: PlanningEntry) -> PlanningView {
        PlanningView {
            id: e.id,
            guild_id: e.guild_id,
            user_id: e.user_id,
            chantier_id: e.chantier_id,
            chantier: e.chantier,
            start_date: e.start_date,
            end_date: e.end_date,
            notes: e.notes,
            created_by: e.created_by,
            created_at: e.created_at,
        }
    }
}

/// Query of `GET /api/discord/planning`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanningQuery {
    /// Defaults to the server's `GUILD_ID`.
    #[param(pattern = "^([1-9][0-9]{0,18})?$")]
    pub guild_id: Option<String>,
    /// First day, `YYYY-MM-DD`. Default: Monday of this week (`GVBOT_TIMEZONE`), or `to` − 6.
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// Last day (included), `YYYY-MM-DD`, on or after `from` and less than 366 days after it.
    /// Default: `from` + 6.
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
    /// Only the entries of this Discord user (id).
    #[param(pattern = "^([1-9][0-9]{0,18})?$")]
    pub user: Option<String>,
}

/// The planning entries overlapping a period, ordered by start date, user, id.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanningList {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub entries: Vec<PlanningView>,
}

/// An optional date; given, it must be one (`from=` is an error, not "unset").
fn query_date(field: &str, raw: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    raw.map(|raw| {
        NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
            .map_err(|_| ApiError::field(field, "expected a date YYYY-MM-DD"))
    })
    .transpose()
}

/// The planning of a period (this week by default), optionally for one member.
#[utoipa::path(
    get,
    path = "/api/discord/planning",
    tag = "planning",
    params(PlanningQuery),
    responses(
        (status = 200, description = "Entries overlapping the period", body = PlanningList),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 422, description = "Bad date, `to` before `from` or a period over 366 days", body = ErrorBody),
    )
)]
pub async fn list_planning(
    State(app): State<SharedApp>,
    _: Authorized,
    query: Result<Query<PlanningQuery>, QueryRejection>,
) -> Result<Json<PlanningList>, ApiError> {
    let Query(query) = query.map_err(|err| ApiError::field("query", err.body_text()))?;
    let guild = guild(&app, id_param("guild_id", query.guild_id.as_deref())?)?;
    let user = id_param("user", query.user.as_deref())?;
    let week = Days::new(6);
    let (from, to) = match (
        query_date("from", query.from.as_deref())?,
        query_date("to", query.to.as_deref())?,
    ) {
        (Some(from), Some(to)) => (from, to),
        (Some(from), None) => (from, from.checked_add_days(week).unwrap_or(from)),
        (None, Some(to)) => (to.checked_sub_days(week).unwrap_or(to), to),
        (None, None) => {
            let monday = dates::week_start(app.today());
            (monday, monday + week)
        }
    };
    if to < from {
        return Err(ApiError::field("to", "must not be before from"));
    }
    if (to - from).num_days() >= SPAN_MAX_DAYS {
        return Err(ApiError::field(
            "to",
            format!("at most {SPAN_MAX_DAYS} days from `from`"),
        ));
    }
    let entries = app.store.planning_between(guild, from, to, user).await?;
    Ok(Json(PlanningList {
        from,
        to,
        entries: entries.into_iter().map(PlanningView::from).collect(),
    }))
}

/// `POST /api/discord/planning`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreatePlanningRequest {
    /// Who is scheduled (Discord user id, number or string).
    #[schema(value_type = String, example = "987654321")]
    pub user_id: Snowflake,
    /// Name of an active chantier (case- and accent-insensitive).
    #[schema(example = "beautemps")]
    pub chantier: String,
    /// First day: `YYYY-MM-DD`, or `JJ/MM[/AAAA]` as `/planifier` (year nearest today).
    #[schema(example = "2025-03-10")]
    pub debut: String,
    /// Last day, included: same formats (without a year, the one nearest `debut`); at most 366
    /// days after `debut`.
    #[schema(example = "2025-03-14")]
    pub fin: String,
    /// Up to 500 characters.
    pub notes: Option<String>,
    /// Who schedules (Discord user id); 0 (the API) by default.
    #[schema(value_type = Option<String>)]
    pub created_by: Option<Snowflake>,
    /// Defaults to the server's `GUILD_ID`.
    #[schema(value_type = Option<String>)]
    pub guild_id: Option<Snowflake>,
}

/// The saved entry and the member's entries it overlaps.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlannedView {
    #[serde(flatten)]
    pub entry: PlanningView,
    /// The member's other entries on some of the same days (saved anyway, as `/planifier`).
    pub overlaps: Vec<PlanningView>,
}

/// Schedule a member on a chantier (the rules of `/planifier`; overlaps are saved and listed).
#[utoipa::path(
    post,
    path = "/api/discord/planning",
    tag = "planning",
    request_body = CreatePlanningRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for 24 h")),
    responses(
        (status = 201, description = "Saved", body = PlannedView),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 422, description = "Invalid input; `fields` names the culprits", body = ErrorBody),
    )
)]
pub async fn create_planning(
    State(app): State<SharedApp>,
    _: Authorized,
    request: Idempotent,
) -> Response {
    let response = create(&app, &request).await.into_response();
    request.finish(&app, response).await
}

async fn create(
    app: &App,
    request: &Idempotent,
) -> Result<(StatusCode, Json<PlannedView>), ApiError> {
    let input: CreatePlanningRequest = request.json()?;
    let guild = guild(app, input.guild_id)?;
    let inv = invocation(guild, input.created_by.unwrap_or(Snowflake::NOBODY));
    let (entry, overlaps) = commands::plan(
        app,
        &inv,
        input.user_id,
        &input.chantier,
        &input.debut,
        &input.fin,
        input.notes.as_deref(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(PlannedView {
            entry: entry.into(),
            overlaps: overlaps.into_iter().map(PlanningView::from).collect(),
        }),
    ))
}

/// Remove a planning entry (for good).
#[utoipa::path(
    delete,
    path = "/api/discord/planning/{id}",
    tag = "planning",
    params(("id" = i64, Path, description = "Planning entry id"), GuildQuery),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 404, description = "No such entry in this guild", body = ErrorBody),
        (status = 422, description = "Invalid `guild_id`", body = ErrorBody),
    )
)]
pub async fn delete_planning(
    State(app): State<SharedApp>,
    _: Authorized,
    id: Result<Path<i64>, PathRejection>,
    query: Result<Query<GuildQuery>, QueryRejection>,
) -> Result<StatusCode, ApiError> {
    let Query(query) = query.map_err(|err| ApiError::field("query", err.body_text()))?;
    let guild = guild(&app, id_param("guild_id", query.guild_id.as_deref())?)?;
    let not_found = || ApiError::NotFound("no such planning entry".to_owned());
    let Path(id) = id.map_err(|_| not_found())?;
    match commands::unplan(&app, guild, id).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(crate::store::StoreError::NotFound) => Err(not_found()),
        Err(err) => Err(err.into()),
    }
}

//! Task routes: `POST /api/discord/task` (seed-compatible; the same rules as `/tache`, through
//! [`commands::create_task`]), the list, one task, a partial update, done and cancel.

use std::time::Instant;

use axum::{
    Json,
    extract::{Path, Query, State, rejection::QueryRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    ApiError, ApiJson, ErrorBody, Snowflake, auth::Authorized, guild, id_param,
    idempotency::Idempotent,
};
use crate::{
    app::{App, SharedApp},
    commands::{self, Invocation, Lang, Source, TaskOutcome, values::TaskDescription},
    store::{Page, Task, TaskChanges, TaskFilter, TaskStatus},
};

/// Default and largest page size of `GET /api/discord/tasks`.
const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 100;
/// `POST /api/discord/task`: the body n8n sends (the seed's shape, plus optional fields).
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateTaskRequest {
    /// Who creates the task (Discord user id, number or string).
    #[schema(value_type = String, example = "123456789")]
    pub user_id: Snowflake,
    /// Who must do it.
    #[schema(value_type = String, example = "987654321")]
    pub assignee_id: Snowflake,
    #[schema(example = "Vérifier tableau")]
    pub description: String,
    /// Name of an active chantier (case- and accent-insensitive).
    #[schema(example = "beautemps")]
    pub chantier: String,
    /// Defaults to the server's `GUILD_ID`.
    #[schema(value_type = Option<String>)]
    pub guild_id: Option<Snowflake>,
    /// Due date, `YYYY-MM-DD`.
    #[schema(value_type = Option<String>, format = Date, example = "2025-03-14")]
    pub echeance: Option<String>,
}

/// A task as the API shows it. Discord ids are strings (they exceed JavaScript's integers).
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskView {
    pub id: i64,
    #[schema(value_type = String)]
    pub guild_id: Snowflake,
    pub chantier: String,
    #[schema(value_type = String)]
    pub assignee_id: Snowflake,
    #[schema(value_type = String)]
    pub creator_id: Snowflake,
    pub description: String,
    /// `a_faire`, `en_cours`, `terminee` or `annulee`.
    #[schema(example = "a_faire")]
    pub status: &'static str,
    pub due_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
}

impl From<Task> for TaskView {
    fn from(t: Task) -> TaskView {
        TaskView {
            id: t.id,
            guild_id: t.guild_id,
            chantier: t.chantier,
            assignee_id: t.assignee_id,
            creator_id: t.creator_id,
            description: t.description,
            status: t.status.as_str(),
            due_date: t.due_date,
            created_at: t.created_at,
            updated_at: t.updated_at,
            done_at: t.done_at,
        }
    }
}

/// Create a task (seed-compatible route).
#[utoipa::path(
    post,
    path = "/api/discord/task",
    tag = "tasks",
    request_body = CreateTaskRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for 24 h")),
    responses(
        (status = 201, description = "Created", body = TaskView),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 422, description = "Invalid input; `fields` names the culprits", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    )
)]
pub async fn create_task(
    State(app): State<SharedApp>,
    _: Authorized,
    request: Idempotent,
) -> Response {
    let response = create(&app, &request).await.into_response();
    request.finish(&app, response).await
}

async fn create(app: &App, request: &Idempotent) -> Result<(StatusCode, Json<TaskView>), ApiError> {
    let input: CreateTaskRequest = request.json()?;
    let guild = guild(app, input.guild_id)?;
    let due_date = match input.echeance.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(
            NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .map_err(|_| ApiError::field("echeance", "expected a date YYYY-MM-DD"))?,
        ),
    };
    let inv = invocation(guild, input.user_id);
    let task = commands::create_task(
        app,
        &inv,
        input.assignee_id,
        &input.chantier,
        &input.description,
        due_date,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(task.into())))
}

/// Who/where for the core: `user` acting in `guild` through the API, in French.
pub(super) fn invocation(guild: Snowflake, user: Snowflake) -> Invocation {
    Invocation {
        guild_id: Some(guild),
        channel_id: None,
        user_id: user,
        roles: Vec::new(),
        permissions: None,
        lang: Lang::Fr,
        source: Source::Api,
        received: Instant::now(),
    }
}

/// Query of `GET /api/discord/tasks`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Defaults to the server's `GUILD_ID`.
    #[param(pattern = "^([1-9][0-9]{0,18})?$")]
    pub guild_id: Option<String>,
    /// Only the tasks of this Discord user.
    pub assignee: Option<String>,
    /// `a_faire`, `en_cours`, `terminee`, `annulee`, or `open` (the first two); all by default.
    pub status: Option<String>,
    /// Only the tasks of this chantier (by name).
    pub chantier: Option<String>,
    /// 1 to 100, default 50.
    pub limit: Option<String>,
    /// Rows to skip, default 0.
    pub offset: Option<String>,
}

/// One page of tasks, ordered by id.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskList {
    pub tasks: Vec<TaskView>,
    /// Tasks matching the filters, all pages together.
    pub total: i64,
    pub limit: u32,
    pub offset: u32,
}

/// List tasks.
#[utoipa::path(
    get,
    path = "/api/discord/tasks",
    tag = "tasks",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of tasks", body = TaskList),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 422, description = "Invalid filter", body = ErrorBody),
    )
)]
pub async fn list_tasks(
    State(app): State<SharedApp>,
    _: Authorized,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<TaskList>, ApiError> {
    let Query(query) = query.map_err(|err| ApiError::field("query", err.body_text()))?;
    let guild = guild(&app, id_param("guild_id", query.guild_id.as_deref())?)?;
    let assignee_id = id_param("assignee", query.assignee.as_deref())?;
    let statuses = match query.status.as_deref().map(str::trim) {
        None | Some("") => Vec::new(),
        Some("open") => TaskStatus::OPEN.to_vec(),
        Some(code) => vec![TaskStatus::parse(code).ok_or_else(|| {
            ApiError::field(
                "status",
                "expected a_faire, en_cours, terminee, annulee or open",
            )
        })?],
    };
    let chantier_id = match query.chantier.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => Some(
            app.store
                .chantier_by_name(guild, name)
                .await?
                .ok_or_else(|| ApiError::field("chantier", format!("unknown chantier: {name}")))?
                .id,
        ),
    };
    let limit = number("limit", query.limit.as_deref(), DEFAULT_LIMIT)?;
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::field(
            "limit",
            format!("must be 1 to {MAX_LIMIT}"),
        ));
    }
    let offset = number("offset", query.offset.as_deref(), 0)?;
    let filter = TaskFilter {
        guild_id: guild,
        assignee_id,
        chantier_id,
        statuses,
    };
    let page = app
        .store
        .list_tasks(&filter, Page { limit, offset })
        .await?;
    Ok(Json(TaskList {
        tasks: page.tasks.into_iter().map(TaskView::from).collect(),
        total: page.total,
        limit,
        offset,
    }))
}

pub(super) fn number(field: &str, raw: Option<&str>, default: u32) -> Result<u32, ApiError> {
    // `?limit=` (present but empty) is not a number: refused like any other non-number.
    match raw {
        None => Ok(default),
        Some(raw) => raw
            .parse()
            .map_err(|_| ApiError::field(field, "expected a non-negative integer")),
    }
}

/// `?guild_id=` of the single-task routes.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GuildQuery {
    /// Defaults to the server's `GUILD_ID`.
    #[param(pattern = "^([1-9][0-9]{0,18})?$")]
    pub guild_id: Option<String>,
}

/// The guild the request names and the task id of its path; 404 for an id that is no number.
fn task_ref(
    app: &App,
    id: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    query: Result<Query<GuildQuery>, QueryRejection>,
) -> Result<(Snowflake, i64), ApiError> {
    let Query(query) = query.map_err(|err| ApiError::field("query", err.body_text()))?;
    let guild = guild(app, id_param("guild_id", query.guild_id.as_deref())?)?;
    let Path(id) = id.map_err(|_| no_such_task())?;
    Ok((guild, id))
}

fn no_such_task() -> ApiError {
    ApiError::NotFound("no such task".to_owned())
}

/// The task `id` of the guild the request names; 404 for an unknown id or another guild's.
async fn find(
    app: &App,
    id: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    query: Result<Query<GuildQuery>, QueryRejection>,
) -> Result<(Snowflake, Task), ApiError> {
    let (guild, id) = task_ref(app, id, query)?;
    let task = app.store.task(guild, id).await?.ok_or_else(no_such_task)?;
    Ok((guild, task))
}

/// The answer to a write through [`commands::edit_task`]: the task, unchanged when it already
/// was as asked; 409 when it is closed; 404 when there is no such task.
fn written(outcome: TaskOutcome) -> Result<Json<TaskView>, ApiError> {
    match outcome {
        TaskOutcome::Applied(task) | TaskOutcome::Already(task) => Ok(Json(task.into())),
        TaskOutcome::Locked(task) => Err(ApiError::Conflict(format!(
            "task {} is {}",
            task.id,
            if task.status == TaskStatus::Terminee {
                "done"
            } else {
                "cancelled"
            }
        ))),
        TaskOutcome::NotFound => Err(no_such_task()),
    }
}

/// One task.
#[utoipa::path(
    get,
    path = "/api/discord/tasks/{id}",
    tag = "tasks",
    params(("id" = i64, Path, description = "Task id"), GuildQuery),
    responses(
        (status = 200, description = "The task", body = TaskView),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 404, description = "No such task in this guild", body = ErrorBody),
    )
)]
pub async fn get_task(
    State(app): State<SharedApp>,
    _: Authorized,
    id: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    query: Result<Query<GuildQuery>, QueryRejection>,
) -> Result<Json<TaskView>, ApiError> {
    let (_, task) = find(&app, id, query).await?;
    Ok(Json(task.into()))
}

/// Mark a task done. Already done: 200, unchanged. Cancelled: 409.
#[utoipa::path(
    post,
    path = "/api/discord/tasks/{id}/done",
    tag = "tasks",
    params(
        ("id" = i64, Path, description = "Task id"),
        GuildQuery,
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for 24 h"),
    ),
    responses(
        (status = 200, description = "The task, done", body = TaskView),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 404, description = "No such task in this guild", body = ErrorBody),
        (status = 409, description = "The task is cancelled", body = ErrorBody),
    )
)]
pub async fn complete_task(
    State(app): State<SharedApp>,
    _: Authorized,
    id: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    query: Result<Query<GuildQuery>, QueryRejection>,
    request: Idempotent,
) -> Response {
    let result = async {
        let (guild, id) = task_ref(&app, id, query)?;
        written(commands::close_task(&app, guild, id, TaskStatus::Terminee).await?)
    }
    .await;
    request.finish(&app, result.into_response()).await
}

/// Cancel a task; it stays in the history with status `annulee`. Already cancelled: 200,
/// unchanged. Done: 409.
#[utoipa::path(
    delete,
    path = "/api/discord/tasks/{id}",
    tag = "tasks",
    params(("id" = i64, Path, description = "Task id"), GuildQuery),
    responses(
        (status = 200, description = "The task, cancelled", body = TaskView),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 404, description = "No such task in this guild", body = ErrorBody),
        (status = 409, description = "The task is done", body = ErrorBody),
    )
)]
pub async fn cancel_task(
    State(app): State<SharedApp>,
    _: Authorized,
    id: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    query: Result<Query<GuildQuery>, QueryRejection>,
) -> Result<Json<TaskView>, ApiError> {
    let (guild, id) = task_ref(&app, id, query)?;
    written(commands::close_task(&app, guild, id, TaskStatus::Annulee).await?)
}

/// `PATCH /api/discord/tasks/{id}`: every field is optional; absent fields are left unchanged.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTaskRequest {
    /// 1 to 1000 characters (trimmed), as `/tache`.
    #[schema(example = "Vérifier le tableau du 2e étage")]
    pub description: Option<String>,
    /// New assignee (Discord user id, number or string).
    #[schema(value_type = Option<String>, example = "987654321")]
    pub assignee_id: Option<Snowflake>,
    /// `a_faire`, `en_cours`, `terminee` or `annulee`. `terminee` sets `done_at`; `terminee`
    /// and `annulee` close the task for good.
    #[schema(example = "en_cours")]
    pub status: Option<String>,
    /// Due date `YYYY-MM-DD`; `null` (or `""`) clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, pattern = r"^(\d{4}-\d{2}-\d{2})?$", example = "2025-03-14")]
    pub echeance: Option<Option<String>>,
}

/// A field that is present, even as `null` (`Some(None)`), told apart from an absent one
/// (`None`, by `#[serde(default)]`).
fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

/// Update an open task: description, assignee, status, due date (the fields given, nothing
/// else). A closed (done or cancelled) task cannot change: 409, unless the patch would change
/// nothing (200, as an empty object).
#[utoipa::path(
    patch,
    path = "/api/discord/tasks/{id}",
    tag = "tasks",
    params(("id" = i64, Path, description = "Task id"), GuildQuery),
    request_body = UpdateTaskRequest,
    responses(
        (status = 200, description = "The task, updated", body = TaskView),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 404, description = "No such task in this guild", body = ErrorBody),
        (status = 409, description = "The task is done or cancelled", body = ErrorBody),
        (status = 422, description = "Invalid input; `fields` names the culprits", body = ErrorBody),
    )
)]
pub async fn update_task(
    State(app): State<SharedApp>,
    _: Authorized,
    id: Result<Path<i64>, axum::extract::rejection::PathRejection>,
    query: Result<Query<GuildQuery>, QueryRejection>,
    body: Result<ApiJson<UpdateTaskRequest>, ApiError>,
) -> Result<Json<TaskView>, ApiError> {
    let (guild, task) = find(&app, id, query).await?;
    let ApiJson(input) = body?;
    let description = input
        .description
        .map(|d| TaskDescription::parse(&d).map(TaskDescription::into_string))
        .transpose()?;
    let status = input
        .status
        .map(|code| {
            TaskStatus::parse(code.trim()).ok_or_else(|| {
                ApiError::field("status", "expected a_faire, en_cours, terminee or annulee")
            })
        })
        .transpose()?;
    let due_date = input
        .echeance
        .map(|raw| match raw.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(raw) => NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| ApiError::field("echeance", "expected a date YYYY-MM-DD or null")),
        })
        .transpose()?;
    let changes = TaskChanges {
        description,
        assignee_id: input.assignee_id,
        status,
        due_date,
    };
    if changes.is_empty() {
        return Ok(Json(task.into()));
    }
    written(commands::edit_task(&app, guild, task.id, &changes).await?)
}

//! Chantier routes: list, create (the same core function as `/creerchantier`, optionally with
//! its Discord channel), one by name.

use axum::{
    Json,
    extract::{Path, Query, State, rejection::QueryRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    ApiError, ErrorBody, Snowflake, auth::Authorized, guild, idempotency::Idempotent,
    tasks::snowflake,
};
use crate::{
    app::{App, SharedApp},
    commands::{CreateChantierError, WithChannel, create_chantier as create_with_channel},
    store::{Chantier, NewChantier},
};

/// A chantier as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChantierView {
    pub id: i64,
    pub guild_id: String,
    pub name: String,
    pub address: Option<String>,
    pub channel_id: Option<String>,
    pub archived: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// Tasks `a_faire` or `en_cours` (lists only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_tasks: Option<i64>,
}

impl From<Chantier> for ChantierView {
    fn from(c: Chantier) -> ChantierView {
        ChantierView {
            id: c.id,
            guild_id: c.guild_id.to_string(),
            name: c.name,
            address: c.address,
            channel_id: c.channel_id.map(|id| id.to_string()),
            archived: c.archived,
            created_by: c.created_by.to_string(),
            created_at: c.created_at,
            open_tasks: None,
        }
    }
}

/// Query of the chantier routes.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChantiersQuery {
    /// Defaults to the server's `GUILD_ID`.
    #[param(pattern = "^([1-9][0-9]{0,18})?$")]
    pub guild_id: Option<String>,
    /// `true` lists the archived chantiers instead of the active ones (list only).
    pub archived: Option<bool>,
}

fn query_guild(
    app: &App,
    query: Result<Query<ChantiersQuery>, QueryRejection>,
) -> Result<(u64, bool), ApiError> {
    let Query(query) = query.map_err(|err| ApiError::field("query", err.body_text()))?;
    let given = snowflake("guild_id", query.guild_id.as_deref())?;
    Ok((guild(app, given)?, query.archived.unwrap_or(false)))
}

/// Chantiers of a guild, ordered by name.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChantierList {
    pub chantiers: Vec<ChantierView>,
}

/// List the active (or archived) chantiers with their open-task counts.
#[utoipa::path(
    get,
    path = "/api/discord/chantiers",
    tag = "chantiers",
    params(ChantiersQuery),
    responses(
        (status = 200, description = "Chantiers ordered by name", body = ChantierList),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
    )
)]
pub async fn list_chantiers(
    State(app): State<SharedApp>,
    _: Authorized,
    query: Result<Query<ChantiersQuery>, QueryRejection>,
) -> Result<Json<ChantierList>, ApiError> {
    let (guild, archived) = query_guild(&app, query)?;
    let list = app.store.list_chantiers(guild, archived).await?;
    Ok(Json(ChantierList {
        chantiers: list
            .into_iter()
            .map(|s| ChantierView {
                open_tasks: Some(s.open_tasks),
                ..s.chantier.into()
            })
            .collect(),
    }))
}

/// `POST /api/discord/chantiers`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateChantierRequest {
    /// 1 to 100 characters; unique per guild (case- and accent-insensitive).
    #[schema(example = "Beautemps")]
    pub name: String,
    pub address: Option<String>,
    /// Who creates it (Discord user id); 0 (the API) by default.
    #[schema(value_type = Option<String>)]
    pub created_by: Option<Snowflake>,
    /// Defaults to the server's `GUILD_ID`.
    #[schema(value_type = Option<String>)]
    pub guild_id: Option<Snowflake>,
    /// Also create its Discord text channel, as `/creerchantier` does: named after the
    /// chantier (`École Jules Ferry` → `ecole-jules-ferry`), under the chantiers category of
    /// `/config salon`, the address as topic; a text channel of that name is reused. The
    /// channel comes first: when Discord refuses, no chantier is created. Default `false`.
    #[serde(default)]
    pub create_channel: bool,
}

/// Create a chantier, and its Discord channel with `"create_channel": true`.
#[utoipa::path(
    post,
    path = "/api/discord/chantiers",
    tag = "chantiers",
    request_body = CreateChantierRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for 24 h")),
    responses(
        (status = 201, description = "Created", body = ChantierView),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 404, description = "`create_channel`: Discord does not know the guild (`discord_not_found`)", body = ErrorBody),
        (status = 409, description = "A chantier of that name exists", body = ErrorBody),
        (status = 422, description = "Invalid name", body = ErrorBody),
        (status = 502, description = "`create_channel`: Discord refused — the bot lacks Manage Channels (`discord_forbidden`) — or failed (`discord_unavailable`, `discord_error`); nothing was created", body = ErrorBody),
        (status = 503, description = "`create_channel`: gvbot has no bot token (`discord_unconfigured`)", body = ErrorBody),
    )
)]
pub async fn create_chantier(
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
) -> Result<(StatusCode, Json<ChantierView>), ApiError> {
    let input: CreateChantierRequest = request.json()?;
    let guild = guild(app, input.guild_id)?;
    let new = NewChantier {
        guild_id: guild,
        name: input.name,
        address: input.address,
        created_by: input.created_by.map_or(0, |s| s.0),
    };
    let with_channel = if input.create_channel {
        WithChannel::Required
    } else {
        WithChannel::No
    };
    match create_with_channel(app, new, with_channel).await {
        Ok(created) => Ok((StatusCode::CREATED, Json(created.chantier.into()))),
        Err(CreateChantierError::InvalidName(err)) => Err(renamed(err, "name")),
        Err(CreateChantierError::Exists(name)) => Err(ApiError::Conflict(format!(
            "chantier {name} already exists"
        ))),
        Err(CreateChantierError::Failed(err)) => Err(err.into()),
    }
}

/// One chantier by name (case- and accent-insensitive), archived or not.
#[utoipa::path(
    get,
    path = "/api/discord/chantiers/{name}",
    tag = "chantiers",
    params(("name" = String, Path, description = "Chantier name"), ChantiersQuery),
    responses(
        (status = 200, description = "The chantier", body = ChantierView),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 404, description = "No such chantier in this guild", body = ErrorBody),
    )
)]
pub async fn get_chantier(
    State(app): State<SharedApp>,
    _: Authorized,
    Path(name): Path<String>,
    query: Result<Query<ChantiersQuery>, QueryRejection>,
) -> Result<Json<ChantierView>, ApiError> {
    let (guild, _) = query_guild(&app, query)?;
    let chantier = app
        .store
        .chantier_by_name(guild, name.trim())
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no chantier named {}", name.trim())))?;
    Ok(Json(chantier.into()))
}

/// A core validation error reported on the REST field `field` (the API names the chantier's
/// name `name` where the slash command says `nom`).
fn renamed(err: crate::commands::CommandError, field: &'static str) -> ApiError {
    use crate::commands::{CommandError, Lang, text};
    match err {
        CommandError::Invalid { reason, .. } => {
            ApiError::invalid(field, text::invalid(Lang::Fr, field, &reason))
        }
        other => other.into(),
    }
}

//! Activity routes, over what the gateway sidecar records: per-member statistics
//! (`users/stats`), members' presence (`presence`) and the message log's search
//! (`messages/search`). Empty until the sidecar has run, but real queries.

use std::collections::BTreeMap;

use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    ApiError, ErrorBody, Snowflake,
    auth::Authorized,
    guild, id_param,
    tasks::{GuildQuery, number},
};
use crate::{
    app::SharedApp,
    store::{Member, Message, PresenceStatus, UserActivity},
};

/// Default and largest `days` of `users/stats`.
const DEFAULT_DAYS: u32 = 7;
const MAX_DAYS: u32 = 365;
/// Default and largest number of members of `users/stats`.
const DEFAULT_USERS: u32 = 50;
const MAX_USERS: u32 = 100;
/// Default and largest number of messages of `messages/search`.
const DEFAULT_RESULTS: u32 = 20;
const MAX_RESULTS: u32 = 100;

/// `n` from the query, checked against `1..=max`.
fn bounded(field: &str, raw: Option<&str>, default: u32, max: u32) -> Result<u32, ApiError> {
    let n = number(field, raw, default)?;
    if (1..=max).contains(&n) {
        Ok(n)
    } else {
        Err(ApiError::field(field, format!("must be 1 to {max}")))
    }
}

/// Query of `GET /api/discord/users/stats`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserStatsQuery {
    /// Defaults to the server's `GUILD_ID`.
    #[param(pattern = "^([1-9][0-9]{0,18})?$")]
    pub guild_id: Option<String>,
    /// Period: the last `days` days, 1 to 365, default 7.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 365)]
    pub days: Option<String>,
    /// Most members listed, 1 to 100, default 50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
}

/// One member's activity over the period.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserActivityView {
    #[schema(value_type = String)]
    pub user_id: Snowflake,
    /// Known once the gateway saw the member.
    pub display_name: Option<String>,
    /// Messages written (deleted ones excluded).
    pub messages: i64,
    /// Commands run, whatever their outcome.
    pub commands: i64,
    /// Tasks assigned to the member and done.
    pub tasks_done: i64,
}

impl From<UserActivity> for UserActivityView {
    fn from(a: UserActivity) -> UserActivityView {
        UserActivityView {
            user_id: a.user_id,
            display_name: a.display_name,
            messages: a.messages,
            commands: a.commands,
            tasks_done: a.tasks_done,
        }
    }
}

/// The most active members since `since`, by messages + commands.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserStats {
    pub days: u32,
    pub since: DateTime<Utc>,
    pub users: Vec<UserActivityView>,
}

/// Per-member activity (messages, commands, tasks done) over the last days.
#[utoipa::path(
    get,
    path = "/api/discord/users/stats",
    tag = "activity",
    params(UserStatsQuery),
    responses(
        (status = 200, description = "Most active members first", body = UserStats),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 422, description = "Invalid `days` or `limit`", body = ErrorBody),
    )
)]
pub async fn user_stats(
    State(app): State<SharedApp>,
    _: Authorized,
    query: Result<Query<UserStatsQuery>, QueryRejection>,
) -> Result<Json<UserStats>, ApiError> {
    let Query(query) = query.map_err(|err| ApiError::field("query", err.body_text()))?;
    let guild = guild(&app, id_param("guild_id", query.guild_id.as_deref())?)?;
    let days = bounded("days", query.days.as_deref(), DEFAULT_DAYS, MAX_DAYS)?;
    let limit = bounded("limit", query.limit.as_deref(), DEFAULT_USERS, MAX_USERS)?;
    let since = app.now() - Duration::days(i64::from(days));
    let users = app.store.user_stats(guild, since, limit).await?;
    Ok(Json(UserStats {
        days,
        since,
        users: users.into_iter().map(UserActivityView::from).collect(),
    }))
}

/// A member and their last known presence.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    #[schema(value_type = String)]
    pub user_id: Snowflake,
    /// Unknown for someone only seen through presence updates so far.
    pub display_name: Option<String>,
    /// `online`, `idle`, `dnd` or `offline` (invisible members show as offline).
    #[schema(example = "online")]
    pub status: &'static str,
    /// Last time the member was seen not offline.
    pub last_seen_at: Option<DateTime<Utc>>,
    pub joined_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl From<Member> for MemberView {
    fn from(m: Member) -> MemberView {
        MemberView {
            user_id: m.user_id,
            display_name: m.display_name,
            status: m.status.as_str(),
            last_seen_at: m.last_seen_at,
            joined_at: m.joined_at,
            updated_at: m.updated_at,
        }
    }
}

/// Members of the guild: those not offline first, then by name.
#[derive(Debug, Serialize, ToSchema)]
pub struct Presence {
    /// Members per status (`online`, `idle`, `dnd`, `offline`), zeros included.
    pub counts: BTreeMap<String, usize>,
    pub members: Vec<MemberView>,
}

/// Members with their presence, as the gateway last reported it.
#[utoipa::path(
    get,
    path = "/api/discord/presence",
    tag = "activity",
    params(GuildQuery),
    responses(
        (status = 200, description = "Members, not offline first", body = Presence),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 422, description = "Invalid `guild_id`", body = ErrorBody),
    )
)]
pub async fn presence(
    State(app): State<SharedApp>,
    _: Authorized,
    query: Result<Query<GuildQuery>, QueryRejection>,
) -> Result<Json<Presence>, ApiError> {
    let Query(query) = query.map_err(|err| ApiError::field("query", err.body_text()))?;
    let guild = guild(&app, id_param("guild_id", query.guild_id.as_deref())?)?;
    let members = app.store.presence(guild).await?;
    let counts = PresenceStatus::ALL
        .into_iter()
        .map(|status| {
            let n = members.iter().filter(|m| m.status == status).count();
            (status.as_str().to_owned(), n)
        })
        .collect();
    Ok(Json(Presence {
        counts,
        members: members.into_iter().map(MemberView::from).collect(),
    }))
}

/// Query of `GET /api/discord/messages/search`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words to find (every one must match; case and accents ignored). Required, not blank.
    #[param(required = true, value_type = String, min_length = 1, example = "tableau")]
    pub q: Option<String>,
    /// Most messages returned, 1 to 100, default 20.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
    /// Defaults to the server's `GUILD_ID`.
    #[param(pattern = "^([1-9][0-9]{0,18})?$")]
    pub guild_id: Option<String>,
}

/// A logged message.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    #[schema(value_type = String)]
    pub message_id: Snowflake,
    #[schema(value_type = String)]
    pub channel_id: Snowflake,
    #[schema(value_type = String)]
    pub author_id: Snowflake,
    pub content: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
}

impl From<Message> for MessageView {
    fn from(m: Message) -> MessageView {
        MessageView {
            message_id: m.message_id,
            channel_id: m.channel_id,
            author_id: m.author_id,
            content: m.content,
            created_at: m.created_at,
            edited_at: m.edited_at,
        }
    }
}

/// Messages matching a query, best match first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    pub query: String,
    pub messages: Vec<MessageView>,
}

/// Search the messages the gateway logged (deleted ones excluded).
#[utoipa::path(
    get,
    path = "/api/discord/messages/search",
    tag = "activity",
    params(SearchQuery),
    responses(
        (status = 200, description = "Best match first, then newest", body = SearchResults),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 422, description = "Missing or empty `q`, invalid `limit`", body = ErrorBody),
    )
)]
pub async fn search_messages(
    State(app): State<SharedApp>,
    _: Authorized,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Json<SearchResults>, ApiError> {
    let Query(query) = query.map_err(|err| ApiError::field("query", err.body_text()))?;
    let guild = guild(&app, id_param("guild_id", query.guild_id.as_deref())?)?;
    let q = query.q.as_deref().map(str::trim).unwrap_or_default();
    if q.is_empty() {
        return Err(ApiError::field("q", "required: the words to search for"));
    }
    let limit = bounded(
        "limit",
        query.limit.as_deref(),
        DEFAULT_RESULTS,
        MAX_RESULTS,
    )?;
    let messages = app.store.search_messages(guild, q, limit).await?;
    Ok(Json(SearchResults {
        query: q.to_owned(),
        messages: messages.into_iter().map(MessageView::from).collect(),
    }))
}

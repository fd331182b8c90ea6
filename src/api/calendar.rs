//! The planning as an iCalendar feed (RFC 5545) that Google Calendar, Thunderbird or Outlook
//! subscribe to by URL: `GET /api/discord/planning.ics?token=…`, and the authenticated routes
//! that hand out (`GET /api/discord/calendar`) and replace (`POST …/calendar/rotate`) its URL.
//!
//! Calendar apps cannot send an `Authorization` header, so the feed is outside the API key:
//! the per-guild token in its query is the credential. An unknown token is a plain 404 (it
//! does not say whether such a feed exists); rotating the token kills the old URL.

use std::collections::HashMap;

use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use chrono::{Days, NaiveDate};
use icalendar::{Calendar, Component, Event, Property};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    ApiError, ErrorBody, Snowflake, auth::Authorized, guild, id_param, idempotency::Idempotent,
    tasks::GuildQuery,
};
use crate::{
    app::{App, SharedApp},
    config::calendar_feed_url,
    store::PlanningEntry,
};

/// How far back and ahead the feed goes from today.
const PAST: Days = Days::new(8 * 7);
const AHEAD: Days = Days::new(26 * 7);
/// How often calendar apps are asked to refresh (they may poll less often: Google ~ daily).
const REFRESH: &str = "PT1H";

/// Query of the feed.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// The guild's calendar token (from `GET /api/discord/calendar`).
    pub token: Option<String>,
}

/// The planning of the guild owning `token`, from 8 weeks ago to 26 weeks ahead: one all-day
/// event per entry, with a stable UID (`planning-<id>@gvbot`).
#[utoipa::path(
    get,
    path = "/api/discord/planning.ics",
    tag = "planning",
    params(FeedQuery),
    security(()),
    responses(
        (status = 200, description = "iCalendar feed (RFC 5545)", content_type = "text/calendar", body = String),
        (status = 404, description = "Missing or unknown token", body = ErrorBody),
    )
)]
pub async fn planning_feed(
    State(app): State<SharedApp>,
    query: Result<Query<FeedQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::NotFound("no such calendar".to_owned());
    let token = query
        .ok()
        .and_then(|Query(q)| q.token)
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .ok_or_else(not_found)?;
    let guild = app
        .store
        .guild_for_calendar_token(&token)
        .await?
        .ok_or_else(not_found)?;
    let today = app.today();
    let from = today.checked_sub_days(PAST).unwrap_or(today);
    let to = today.checked_add_days(AHEAD).unwrap_or(today);
    let entries = app.store.planning_between(guild, from, to, None).await?;
    let names: HashMap<Snowflake, String> = app
        .store
        .presence(guild)
        .await?
        .into_iter()
        .filter_map(|m| Some((m.user_id, m.display_name?)))
        .collect();
    let body = feed(&app, &entries, &names);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("inline; filename=\"planning.ics\""),
            ),
            // The URL is a secret: no shared cache may keep the answer.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=300"),
            ),
        ],
        body,
    )
        .into_response())
}

/// The feed's text. Escaping (`,` `;` `\` newlines) and line folding at 75 octets are the
/// icalendar crate's; text is first made single-line-safe (CR and other control characters
/// would break a content line).
fn feed(app: &App, entries: &[PlanningEntry], names: &HashMap<Snowflake, String>) -> String {
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//GVB-Electricite//gvbot//FR"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    calendar.name("Planning gvbot");
    calendar.append_property(Property::new("X-WR-TIMEZONE", app.config.timezone.name()));
    calendar.append_property(
        Property::new("REFRESH-INTERVAL", REFRESH)
            .append_parameter(("VALUE", "DURATION"))
            .done(),
    );
    calendar.append_property(Property::new("X-PUBLISHED-TTL", REFRESH));
    for entry in entries {
        calendar.push(event(entry, names));
    }
    calendar.to_string()
}

/// One all-day event: `DTEND` is exclusive in iCalendar, so the day after the last one.
fn event(entry: &PlanningEntry, names: &HashMap<Snowflake, String>) -> Event {
    let who = names
        .get(&entry.user_id)
        .map_or_else(|| entry.user_id.to_string(), |n| text(n));
    let mut event = Event::new();
    event
        .uid(&format!("planning-{}@gvbot", entry.id))
        .timestamp(entry.created_at)
        .created(entry.created_at)
        .summary(&format!("{} — {who}", text(&entry.chantier)))
        .append_property(date("DTSTART", entry.start_date))
        .append_property(date(
            "DTEND",
            entry.end_date.succ_opt().unwrap_or(entry.end_date),
        ))
        .add_property("TRANSP", "TRANSPARENT");
    if let Some(notes) = &entry.notes {
        event.description(&text(notes));
    }
    event
}

/// `KEY;VALUE=DATE:YYYYMMDD`.
fn date(key: &str, day: NaiveDate) -> Property {
    Property::new(key, day.format("%Y%m%d").to_string())
        .append_parameter(("VALUE", "DATE"))
        .done()
}

/// Text with line breaks as `\n` only and no other control character.
fn text(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

/// The feed URL of a guild.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarLink {
    /// Subscribe to it by URL in a calendar app. Anyone with it sees the planning.
    #[schema(example = "https://gvbot.example.fr/api/discord/planning.ics?token=3f9a…")]
    pub url: String,
    pub token: String,
}

/// The base URL links are built on: `PUBLIC_URL`, else `http://` + the request's `Host`.
fn base_url(app: &App, headers: &HeaderMap) -> Result<String, ApiError> {
    if let Some(base) = &app.config.public_url {
        return Ok(base.clone());
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.parse::<axum::http::uri::Authority>().is_ok() && !h.contains('@'))
        .ok_or_else(|| {
            ApiError::field(
                "Host",
                "no usable Host header: set PUBLIC_URL on the server to build the URL",
            )
        })?;
    Ok(format!("http://{host}"))
}

fn link(base: &str, token: String) -> CalendarLink {
    CalendarLink {
        url: calendar_feed_url(base, &token),
        token,
    }
}

/// The guild's calendar feed URL (its token is created on first use).
#[utoipa::path(
    get,
    path = "/api/discord/calendar",
    tag = "planning",
    params(GuildQuery),
    responses(
        (status = 200, description = "The feed URL", body = CalendarLink),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 422, description = "Invalid `guild_id`, or no `Host` header without `PUBLIC_URL`", body = ErrorBody),
    )
)]
pub async fn get_calendar(
    State(app): State<SharedApp>,
    _: Authorized,
    headers: HeaderMap,
    query: Result<Query<GuildQuery>, QueryRejection>,
) -> Result<Json<CalendarLink>, ApiError> {
    let guild = query_guild(&app, query)?;
    let base = base_url(&app, &headers)?;
    let token = app.store.calendar_token(guild, app.now()).await?;
    Ok(Json(link(&base, token)))
}

/// Replace the guild's calendar token: the old URL stops working at once (404); subscribers
/// need the new one.
#[utoipa::path(
    post,
    path = "/api/discord/calendar/rotate",
    tag = "planning",
    params(
        GuildQuery,
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for 24 h"),
    ),
    responses(
        (status = 200, description = "The new feed URL", body = CalendarLink),
        (status = 401, description = "Missing or wrong API key", body = ErrorBody),
        (status = 422, description = "Invalid `guild_id`, or no `Host` header without `PUBLIC_URL`", body = ErrorBody),
    )
)]
pub async fn rotate_calendar(
    State(app): State<SharedApp>,
    _: Authorized,
    headers: HeaderMap,
    query: Result<Query<GuildQuery>, QueryRejection>,
    request: Idempotent,
) -> Response {
    let result = async {
        let guild = query_guild(&app, query)?;
        let base = base_url(&app, &headers)?;
        let token = app.store.rotate_calendar_token(guild, app.now()).await?;
        Ok::<_, ApiError>(Json(link(&base, token)))
    }
    .await;
    request.finish(&app, result.into_response()).await
}

fn query_guild(
    app: &App,
    query: Result<Query<GuildQuery>, QueryRejection>,
) -> Result<Snowflake, ApiError> {
    let Query(query) = query.map_err(|err| ApiError::field("query", err.body_text()))?;
    guild(app, id_param("guild_id", query.guild_id.as_deref())?)
}

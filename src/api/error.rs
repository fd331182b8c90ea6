//! [`ApiError`]: the one error type of the REST API and its JSON rendering
//! `{"error": "<code>", "message": "..."}`. Client cases are explicit; an internal error is
//! logged once here, with its chain, and the caller only gets the request id to quote.

use std::{collections::BTreeMap, time::Duration};

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    commands::{CommandError, Lang, Missing, text},
    discord::DiscordError,
    store::StoreError,
};

tokio::task_local! {
    /// The `X-Request-Id` of the API request being served (set by [`super::scope_request_id`]).
    pub(super) static REQUEST_ID: String;
}

/// Why an API request failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No bearer token, or not one of `API_KEY`'s keys (or `API_KEY` is unset).
    #[error("unauthorized")]
    Unauthorized,
    /// The resource does not exist in this guild; the message names it.
    #[error("not found: {0}")]
    NotFound(String),
    /// Refused by a domain rule (e.g. a level the API key does not carry).
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The request clashes with the current state (duplicate name, finished task, a request
    /// with the same `Idempotency-Key` still running).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The request cannot be read: malformed JSON, or a body that is not declared as JSON
    /// (400 `bad_request`; see [`super::ApiJson`]).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Bad input: a message and, per offending field, what is wrong with it.
    #[error("validation: {message}")]
    Validation {
        message: String,
        fields: BTreeMap<String, String>,
    },
    /// The body exceeds the API's limit.
    #[error("payload too large")]
    TooLarge,
    /// The API key sends requests too fast.
    #[error("rate limited")]
    RateLimited(Duration),
    /// A call to Discord failed: Discord refused (403 → 502 `discord_forbidden`, naming the
    /// permission the bot lacks), does not know the target (404 → 404 `discord_not_found`),
    /// gvbot cannot call it (→ 503 `discord_unconfigured`), keeps limiting it (→ 503
    /// `discord_rate_limited` with `Retry-After`), or is failing (→ 502 `discord_unavailable`,
    /// or `discord_error` for a request Discord rejected). The message is gvbot's own, never
    /// Discord's text; the detail is logged with the request id the body carries.
    #[error(transparent)]
    Discord(#[from] DiscordError),
    /// Anything else: logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// A validation error on one field.
    pub fn field(field: &str, reason: impl Into<String>) -> ApiError {
        let reason = reason.into();
        ApiError::Validation {
            message: format!("{field}: {reason}"),
            fields: BTreeMap::from([(field.to_owned(), reason)]),
        }
    }

    /// A validation error whose message is also the reason given for `field`.
    pub fn invalid(field: &str, message: String) -> ApiError {
        ApiError::Validation {
            fields: BTreeMap::from([(field.to_owned(), message.clone())]),
            message,
        }
    }
}

/// The JSON body of every API error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// `bad_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `validation`,
    /// `payload_too_large`,
    /// `rate_limited`, `internal`, or for calls to Discord `discord_forbidden`,
    /// `discord_not_found`, `discord_unconfigured`, `discord_rate_limited`,
    /// `discord_unavailable`, `discord_error`.
    #[schema(example = "validation")]
    pub error: &'static str,
    pub message: String,
    /// Validation errors only: field name → what is wrong with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
    /// Internal errors and failed calls to Discord: the id to quote (also in the
    /// `X-Request-Id` header); the server's log explains the failure under it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = |error, message: String| ErrorBody {
            error,
            message,
            fields: None,
            request_id: None,
        };
        let retry_after = match &self {
            // Whole seconds, rounded up: a client waiting that long is allowed again.
            ApiError::RateLimited(wait)
            | ApiError::Discord(DiscordError::RateLimited { retry_after: wait }) => {
                Some(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
            }
            _ => None,
        };
        let (status, body) = match self {
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                body(
                    "unauthorized",
                    "missing or wrong bearer token (Authorization: Bearer <API_KEY>)".to_owned(),
                ),
            ),
            ApiError::BadRequest(message) => {
                (StatusCode::BAD_REQUEST, body("bad_request", message))
            }
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, body("not_found", message)),
            ApiError::Forbidden(message) => (StatusCode::FORBIDDEN, body("forbidden", message)),
            ApiError::Conflict(message) => (StatusCode::CONFLICT, body("conflict", message)),
            ApiError::Validation { message, fields } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorBody {
                    fields: Some(fields),
                    ..body("validation", message)
                },
            ),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                body("payload_too_large", "request body too large".to_owned()),
            ),
            ApiError::RateLimited(_) => (
                StatusCode::TOO_MANY_REQUESTS,
                body(
                    "rate_limited",
                    "too many requests for this API key".to_owned(),
                ),
            ),
            ApiError::Discord(err) => discord_failure(&err),
            ApiError::Internal(err) => {
                let id = request_id();
                // The one place an API failure is logged, inside the request span.
                tracing::error!(request_id = %id, error = ?err, "api request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorBody {
                        request_id: Some(id.clone()),
                        ..body("internal", format!("internal error (request id {id})"))
                    },
                )
            }
        };
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(secs) = retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => ApiError::NotFound("not found".to_owned()),
            // The constraint's name is the schema's business; it goes to the log only.
            StoreError::Conflict(constraint) => {
                tracing::info!(constraint, "api: store conflict");
                ApiError::Conflict("already exists".to_owned())
            }
            other => ApiError::Internal(other.into()),
        }
    }
}

/// The core's errors, rendered from their typed reasons: a validation error names its field
/// (the REST fields carry the names of the slash options) with the sentence Discord users
/// read (French); an unknown chantier given in a body is a field error too.
impl From<CommandError> for ApiError {
    fn from(err: CommandError) -> Self {
        let lang = Lang::Fr;
        match err {
            CommandError::Invalid { field, reason } => {
                ApiError::invalid(field, text::invalid(lang, field, &reason))
            }
            CommandError::NotFound(missing @ Missing::Chantier { .. }) => {
                ApiError::invalid("chantier", text::missing(lang, &missing))
            }
            CommandError::NotFound(missing) => ApiError::NotFound(text::missing(lang, &missing)),
            CommandError::UnknownCommand(name) => {
                ApiError::NotFound(text::unknown_command(lang, &name))
            }
            CommandError::Refused(refusal) => ApiError::Conflict(text::refused(lang, &refusal)),
            CommandError::Conflict(_) => ApiError::Conflict(text::conflict(lang)),
            CommandError::Forbidden(level) => {
                ApiError::Forbidden(format!("needs level {}", level.as_str()))
            }
            CommandError::GuildOnly => ApiError::field("guild_id", "required"),
            CommandError::RateLimited(wait) => ApiError::RateLimited(wait),
            CommandError::Discord(err) => ApiError::Discord(err),
            CommandError::Internal(err) => ApiError::Internal(err),
        }
    }
}

/// The status and body of a failed call to Discord (see [`ApiError::Discord`]), written by
/// gvbot from the typed error: Discord's own text (its error message, an HTML error page, the
/// validation details of a 400) stays in the log, next to the request id the body carries.
fn discord_failure(err: &DiscordError) -> (StatusCode, ErrorBody) {
    let id = request_id();
    if err.is_outage() {
        tracing::warn!(request_id = %id, error = %err, "api: call to Discord failed");
    } else {
        tracing::info!(request_id = %id, error = %err, "api: Discord refused the call");
    }
    let body = |error, message: String| ErrorBody {
        error,
        message: format!("{message} (request id {id})"),
        fields: None,
        request_id: Some(id.clone()),
    };
    match err {
        DiscordError::MissingPermissions { code, needs, .. } => {
            let what = if !needs.is_empty() {
                let names = needs
                    .iter()
                    .map(|p| text::permission(Lang::En, p))
                    .collect::<Vec<_>>()
                    .join(", ");
                let (noun, them) = if needs.iter().count() > 1 {
                    ("permissions", "them")
                } else {
                    ("permission", "it")
                };
                format!("missing {noun} {names}; grant {them} to the bot's role")
            } else if *code == 50001 {
                "the bot cannot see this server or channel".to_owned()
            } else {
                "the bot lacks a permission here".to_owned()
            };
            (
                StatusCode::BAD_GATEWAY,
                body("discord_forbidden", format!("Discord refused: {what}")),
            )
        }
        DiscordError::NotFound(_) => (
            StatusCode::NOT_FOUND,
            body(
                "discord_not_found",
                "Discord does not know the target, or the bot cannot see it".to_owned(),
            ),
        ),
        DiscordError::Config(missing) => (
            StatusCode::SERVICE_UNAVAILABLE,
            body(
                "discord_unconfigured",
                format!("gvbot cannot call Discord: set {}", missing.var),
            ),
        ),
        DiscordError::RateLimited { retry_after } => {
            let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
            (
                StatusCode::SERVICE_UNAVAILABLE,
                body(
                    "discord_rate_limited",
                    format!("Discord limits us, retry in {} s", secs.max(1)),
                ),
            )
        }
        DiscordError::Other(_) => (
            StatusCode::BAD_GATEWAY,
            body(
                "discord_error",
                "Discord rejected the request gvbot sent".to_owned(),
            ),
        ),
        DiscordError::Server { .. }
        | DiscordError::Timeout(_)
        | DiscordError::Unreachable(_)
        | DiscordError::Unauthorized => (
            StatusCode::BAD_GATEWAY,
            body(
                "discord_unavailable",
                "Discord is not answering properly; try again later".to_owned(),
            ),
        ),
    }
}

/// The id of the request being served, for error bodies and the log line that explains them.
fn request_id() -> String {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| "unknown".to_owned())
}

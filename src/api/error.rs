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
    /// gvbot cannot call it (→ 503 `discord_unconfigured`), or is failing (→ 502
    /// `discord_unavailable`, or `discord_error` for an answer gvbot did not expect).
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
    /// `unauthorized`, `forbidden`, `not_found`, `conflict`, `validation`, `payload_too_large`,
    /// `rate_limited`, `internal`, or for calls to Discord `discord_forbidden`,
    /// `discord_not_found`, `discord_unconfigured`, `discord_unavailable`, `discord_error`.
    #[schema(example = "validation")]
    pub error: &'static str,
    pub message: String,
    /// Validation errors only: field name → what is wrong with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
    /// Internal errors only: the id to quote (also in the `X-Request-Id` header).
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
            ApiError::RateLimited(wait) => {
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
                let id = REQUEST_ID
                    .try_with(Clone::clone)
                    .unwrap_or_else(|_| "unknown".to_owned());
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
            StoreError::Conflict(constraint) => {
                ApiError::Conflict(format!("already exists ({constraint})"))
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

/// The status and body of a failed call to Discord (see [`ApiError::Discord`]). Logged at
/// `warn`: the caller is told what to fix; nothing here is internal.
fn discord_failure(err: &DiscordError) -> (StatusCode, ErrorBody) {
    tracing::warn!(error = %err, "api: call to Discord failed");
    let body = |error, message: String| ErrorBody {
        error,
        message,
        fields: None,
        request_id: None,
    };
    match err {
        DiscordError::MissingPermissions {
            code,
            message,
            needs,
        } => {
            let what = if needs.is_empty() {
                "a permission".to_owned()
            } else {
                needs
                    .iter()
                    .map(|p| text::permission(Lang::En, p))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            (
                StatusCode::BAD_GATEWAY,
                body(
                    "discord_forbidden",
                    format!(
                        "Discord refused ({message}, code {code}): the bot lacks {what} here; \
                         grant it to the bot's role"
                    ),
                ),
            )
        }
        DiscordError::NotFound(what) => (
            StatusCode::NOT_FOUND,
            body(
                "discord_not_found",
                format!("Discord does not know it ({what}), or the bot cannot see it"),
            ),
        ),
        DiscordError::Config(missing) => (
            StatusCode::SERVICE_UNAVAILABLE,
            body(
                "discord_unconfigured",
                format!("gvbot cannot call Discord: set {}", missing.var),
            ),
        ),
        DiscordError::Other(_) => (
            StatusCode::BAD_GATEWAY,
            body("discord_error", err.to_string()),
        ),
        _ => (
            StatusCode::BAD_GATEWAY,
            body("discord_unavailable", err.to_string()),
        ),
    }
}

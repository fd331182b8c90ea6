//! The REST API for n8n: `GET /stats`, `POST /api/discord/task` (both seed-compatible) and
//! the tasks, chantiers, planning, activity and calendar routes under `/api/discord/`, with the
//! OpenAPI document at `/openapi.json` and Swagger UI at `/docs` (served from the binary).
//! [`router`] is merged by [`crate::http::router`].
//!
//! Every protected handler takes [`auth::Authorized`] first (bearer key, per-key rate limit)
//! and POST handlers take [`idempotency::Idempotent`] for the body (`Idempotency-Key`). The one
//! public data route is the planning's iCalendar feed, whose URL carries its own token.
//! Handlers only check the HTTP shape and call the same domain operations as the slash
//! commands; every failure is an [`ApiError`].

mod activity;
mod auth;
mod calendar;
mod chantiers;
mod discord;
mod error;
mod idempotency;
mod json;
mod planning;
mod stats;
mod tasks;

use axum::{
    Router,
    extract::Request,
    middleware::{self, Next},
    response::Response,
    routing::{any, delete, get, post},
};
use serde::de::DeserializeOwned;
use tower_http::request_id::RequestId;
use utoipa::{
    Modify, OpenApi,
    openapi::security::{Http, HttpAuthScheme, SecurityScheme},
};
use utoipa_swagger_ui::SwaggerUi;

pub use auth::authenticate;
pub use error::{ApiError, ErrorBody};
pub use json::ApiJson;

use crate::{
    app::{App, SharedApp},
    id::Snowflake,
};

/// Largest request body accepted by the API.
pub const MAX_BODY: usize = 64 * 1024;

/// The API's routes, for [`crate::http::router`] to merge.
pub fn router() -> Router<SharedApp> {
    let api = Router::new()
        .route("/stats", get(stats::get_stats))
        .route("/api/discord/task", post(tasks::create_task))
        .route("/api/discord/tasks", get(tasks::list_tasks))
        .route(
            "/api/discord/tasks/{id}",
            get(tasks::get_task)
                .patch(tasks::update_task)
                .delete(tasks::cancel_task),
        )
        .route("/api/discord/tasks/{id}/done", post(tasks::complete_task))
        .route(
            "/api/discord/chantiers",
            get(chantiers::list_chantiers).post(chantiers::create_chantier),
        )
        .route(
            "/api/discord/chantiers/{name}",
            get(chantiers::get_chantier),
        )
        .route("/api/discord/message", post(discord::send_message))
        .route(
            "/api/discord/planning",
            get(planning::list_planning).post(planning::create_planning),
        )
        .route(
            "/api/discord/planning/{id}",
            delete(planning::delete_planning),
        )
        .route("/api/discord/users/stats", get(activity::user_stats))
        .route("/api/discord/presence", get(activity::presence))
        .route(
            "/api/discord/messages/search",
            get(activity::search_messages),
        )
        .route("/api/discord/calendar", get(calendar::get_calendar))
        .route(
            "/api/discord/calendar/rotate",
            post(calendar::rotate_calendar),
        )
        // Public: calendar apps cannot send a bearer key; the token in the URL is the secret.
        .route(
            crate::config::CALENDAR_FEED_PATH,
            get(calendar::planning_feed),
        )
        // Unknown paths under /api/ are a 404 for authenticated callers, a 401 for others.
        .route("/api/{*rest}", any(no_route))
        .route_layer(middleware::from_fn(scope_request_id));
    api.merge(SwaggerUi::new("/docs").url("/openapi.json", ApiDoc::openapi()))
}

/// `GET /docs`, documented here (served by utoipa-swagger-ui).
#[utoipa::path(
    get,
    path = "/docs",
    tag = "operations",
    security(()),
    responses(
        (status = 200, description = "Swagger UI", content_type = "text/html", body = String),
        (status = 303, description = "Redirect to `/docs/`"),
    )
)]
#[allow(dead_code)]
fn swagger_ui_doc() {}

/// `GET /openapi.json`, documented here (served by utoipa-swagger-ui).
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "operations",
    security(()),
    responses((status = 200, description = "This OpenAPI document", body = Object))
)]
#[allow(dead_code)]
fn openapi_doc() {}

async fn no_route(_: auth::Authorized) -> ApiError {
    ApiError::NotFound("no such route".to_owned())
}

/// Makes the request id available to [`ApiError`]'s rendering of internal errors.
async fn scope_request_id(request: Request, next: Next) -> Response {
    let id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("unknown")
        .to_owned();
    error::REQUEST_ID.scope(id, next.run(request)).await
}

/// The OpenAPI 3.1 document of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "gvbot API",
        description = "REST API of gvbot for n8n: tasks, chantiers, planning, activity and figures of a Discord guild. \
            Authenticate with `Authorization: Bearer <API_KEY>`. POSTs honour `Idempotency-Key` \
            (24 h). Discord ids are strings in responses and accepted as strings or numbers."
    ),
    paths(
        crate::http::health,
        crate::http::metrics,
        crate::http::interactions_doc,
        swagger_ui_doc,
        openapi_doc,
        stats::get_stats,
        tasks::create_task,
        tasks::list_tasks,
        tasks::get_task,
        tasks::complete_task,
        tasks::cancel_task,
        tasks::update_task,
        chantiers::list_chantiers,
        chantiers::create_chantier,
        chantiers::get_chantier,
        discord::send_message,
        planning::list_planning,
        planning::create_planning,
        planning::delete_planning,
        calendar::planning_feed,
        calendar::get_calendar,
        calendar::rotate_calendar,
        activity::user_stats,
        activity::presence,
        activity::search_messages,
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerAuth, &CommonResponses),
    security(("bearer" = [])),
    tags(
        (name = "tasks", description = "Tasks, with the same rules as `/tache`"),
        (name = "chantiers", description = "Chantiers (job sites)"),
        (name = "planning", description = "Who works where, with the same rules as `/planifier`; \
            its iCalendar feed"),
        (name = "activity", description = "Members' activity, presence and messages, as the \
            gateway records them"),
        (name = "stats", description = "Figures"),
        (name = "operations", description = "Health, metrics, Discord's interactions endpoint \
            and this documentation; public (no API key)"),
        (name = "discord", description = "Acting on Discord as the bot: messages (chantier \
            channels: `POST /api/discord/chantiers` with `create_channel`)"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                "bearer",
                SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
            );
    }
}

/// Answers every protected operation can give whatever its own documentation says: 400 (a
/// body that is not JSON, on operations with a body), 422 (a query or body the server cannot
/// use), 429 (per-key rate limit), 500 (internal, with the request id). Added to each operation lacking them so clients and schema checkers see the
/// whole contract.
struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{
            Content, Ref, RefOr,
            response::{Response, ResponseBuilder},
        };
        let error = |description: &str| -> RefOr<Response> {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        Content::new(Some(Ref::from_schema_name("ErrorBody"))),
                    )
                    .build(),
            )
        };
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                item.get.as_mut(),
                item.post.as_mut(),
                item.put.as_mut(),
                item.patch.as_mut(),
                item.delete.as_mut(),
            ]
            .into_iter()
            .flatten()
            {
                let public = operation
                    .security
                    .as_ref()
                    .is_some_and(|s| s.iter().all(|r| *r == Default::default()));
                let has_body = operation.request_body.is_some();
                let responses = &mut operation.responses.responses;
                if has_body {
                    responses.entry("400".into()).or_insert_with(|| {
                        error(
                            "Malformed JSON, or a body without `Content-Type: application/json` \
                             (`bad_request`)",
                        )
                    });
                }
                responses.entry("422".into()).or_insert_with(|| {
                    error("Invalid query, path or body; `fields` names the culprits")
                });
                responses
                    .entry("500".into())
                    .or_insert_with(|| error("Internal error; quote `request_id`"));
                if !public {
                    responses
                        .entry("401".into())
                        .or_insert_with(|| error("Missing or wrong API key"));
                    responses
                        .entry("429".into())
                        .or_insert_with(|| error("Rate limited; see `Retry-After`"));
                }
            }
        }
    }
}

/// A JSON body: a 400 when it is not JSON, a 422 naming the field at fault when it is JSON
/// that does not fit `T` (see [`json`]). Handlers use [`ApiJson`] or
/// [`idempotency::Idempotent::json`], which also check the `Content-Type`.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    // Syntax first: trailing garbage after an object that lacks a field is still not JSON.
    serde_json::from_slice::<serde::de::IgnoredAny>(body)
        .map_err(|err| ApiError::BadRequest(format!("malformed JSON: {err}")))?;
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        let message = inner.to_string();
        // serde names a missing field in its message and not in the path.
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        if inner.is_syntax() || inner.is_eof() {
            return ApiError::BadRequest(format!("malformed JSON: {message}"));
        }
        match (missing, path.as_str()) {
            (Some(field), _) => ApiError::field(field, "required"),
            (None, ".") => ApiError::field("body", format!("expected a JSON object: {message}")),
            (None, field) => {
                // Drop serde_json's " at line 1 column 12" suffix: the field says where.
                let reason = message.split(" at line ").next().unwrap_or(&message);
                ApiError::field(field, reason.to_owned())
            }
        }
    })?;
    deserializer
        .end()
        .map_err(|err| ApiError::BadRequest(format!("malformed JSON: {err}")))?;
    Ok(value)
}

/// A Discord id given as text (query strings): `None` when absent or empty, else exactly
/// digits, as documented (" 12" or "12\t" is refused, not silently trimmed).
pub(crate) fn id_param(field: &str, raw: Option<&str>) -> Result<Option<Snowflake>, ApiError> {
    match raw {
        None | Some("") => Ok(None),
        Some(raw) => Snowflake::parse(raw)
            .map(Some)
            .map_err(|_| ApiError::field(field, "expected a Discord id (digits)")),
    }
}

/// The guild a request is about: the one it names, else `GUILD_ID`.
pub fn guild(app: &App, given: Option<Snowflake>) -> Result<Snowflake, ApiError> {
    given.or(app.config.guild_id).ok_or_else(|| {
        ApiError::field(
            "guild_id",
            "required: give guild_id, or set GUILD_ID on the server",
        )
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    struct Body {
        id: Snowflake,
        other: Option<Snowflake>,
    }

    fn fields(body: &str) -> Vec<String> {
        match parse_json::<Body>(body.as_bytes()) {
            Err(ApiError::Validation { fields, .. }) => fields.into_keys().collect(),
            other => panic!("{body}: {other:?}"),
        }
    }

    #[test]
    fn snowflakes_are_numbers_or_strings_of_digits() {
        for body in [
            r#"{"id": 42}"#,
            r#"{"id": "42"}"#,
            r#"{"id": " 42 ", "other": null}"#,
        ] {
            let parsed = parse_json::<Body>(body.as_bytes()).expect(body);
            assert_eq!((parsed.id, parsed.other), (Snowflake::new(42), None));
        }
        for body in [
            r#"{"id": "abc"}"#,
            r#"{"id": -5}"#,
            r#"{"id": 0}"#,
            r#"{"id": 1.5}"#,
            r#"{"id": null}"#,
        ] {
            assert_eq!(fields(body), ["id"], "{body}");
        }
        assert_eq!(fields(r#"{"id": 1, "other": "x"}"#), ["other"]);
    }

    #[test]
    fn json_errors_name_the_field() {
        assert_eq!(fields(r#"{"other": "1"}"#), ["id"]);
        assert_eq!(fields("[1]"), ["body"]);
        for malformed in ["{nope", r#"{"id": 1} trailing"#, r#"{"id": 1"#, ""] {
            assert!(
                matches!(
                    parse_json::<Body>(malformed.as_bytes()),
                    Err(ApiError::BadRequest(_))
                ),
                "{malformed}"
            );
        }
    }
}

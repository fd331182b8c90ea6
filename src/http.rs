//! The HTTP router: the only place routes are assembled. `gvbot serve`, the Lambda shell and
//! the tests all call [`router`].

use std::time::{Duration, Instant};

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, MatchedPath, Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde_json::json;
use subtle::ConstantTimeEq;
use tower::ServiceBuilder;
use tower_http::{
    cors::{AllowOrigin, CorsLayer},
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    trace::TraceLayer,
};

use crate::{
    app::SharedApp,
    interactions::{self, error_response},
};

/// How long `/health` waits for the database before calling it down.
const HEALTH_TIMEOUT: Duration = Duration::from_secs(3);

pub fn router(app: SharedApp) -> Router {
    // Install the recorder before the first request so no event is lost.
    crate::metrics::handle();
    Router::new()
        .route(
            "/interactions",
            post(interactions::post_interaction)
                .layer(DefaultBodyLimit::max(interactions::MAX_BODY)),
        )
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .merge(crate::api::router())
        .fallback(not_found)
        .layer(cors(&app.config.cors_origins))
        .layer(
            // Outermost first: every request gets an id (kept from `X-Request-Id` when the
            // caller sends one), every log line of the request carries it, the response
            // echoes it, and every request is counted.
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(request_span))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(middleware::from_fn(track)),
        )
        .with_state(app)
}

/// CORS for browser clients of the REST API: only the origins listed in `CORS_ORIGINS`
/// (none by default, so browsers may not call the API from other sites).
fn cors(origins: &[HeaderValue]) -> CorsLayer {
    if origins.is_empty() {
        return CorsLayer::new();
    }
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins.iter().cloned()))
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("idempotency-key"),
            HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([HeaderName::from_static("x-request-id")])
        .max_age(Duration::from_secs(3600))
}

fn request_span(request: &Request) -> tracing::Span {
    let id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or_default();
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
}

/// `api_requests_total{route,status}` and `api_request_duration_seconds{route}`. The route is
/// the matched pattern, never the raw path, so label values stay bounded.
async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_owned();
    let start = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!(crate::metrics::API_REQUESTS, "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(crate::metrics::API_DURATION, "route" => route)
        .record(start.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`: Prometheus text; with `METRICS_TOKEN` set, only for `Bearer <token>`.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    security(()),
    responses(
        (status = 200, description = "Prometheus text exposition format", content_type = "text/plain", body = String),
        (status = 401, description = "`METRICS_TOKEN` is set and the request lacks `Authorization: Bearer <METRICS_TOKEN>`", body = crate::api::ErrorBody),
    )
)]
pub async fn metrics(State(app): State<SharedApp>, headers: HeaderMap) -> Response {
    if let Some(token) = &app.config.metrics_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !bool::from(given.as_bytes().ct_eq(token.expose().as_bytes())) {
            let mut response = error_response(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "missing or wrong bearer token",
            );
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
            return response;
        }
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::metrics::render(app.store.as_ref()),
    )
        .into_response()
}

/// `GET /health`: 200 `healthy` when the database answers, 503 `unhealthy` otherwise.
#[utoipa::path(
    get,
    path = "/health",
    tag = "operations",
    security(()),
    responses(
        (status = 200, description = "The database answers: `{\"status\": \"healthy\", \"database\": \"ok\", \"redis\", \"backend\", \"version\", \"uptime_secs\"}`", body = Object),
        (status = 503, description = "The database does not answer (`\"status\": \"unhealthy\"`)", body = Object),
    )
)]
pub async fn health(State(app): State<SharedApp>) -> Response {
    let database = tokio::time::timeout(HEALTH_TIMEOUT, app.store.ping()).await;
    let ok = matches!(database, Ok(Ok(())));
    if let Ok(Err(err)) = &database {
        tracing::warn!(error = %err, "health check: database unreachable");
    }
    // Redis down alone is reported but not fatal: the cache falls back to in-process.
    let redis = app.cache.status().await;
    let body = Json(json!({
        "status": if ok { "healthy" } else { "unhealthy" },
        "database": if ok { "ok" } else { "down" },
        "redis": redis.as_str(),
        "backend": app.store.backend().as_str(),
        "version": env!("CARGO_PKG_VERSION"),
        "uptime_secs": app.started.elapsed().as_secs(),
    }));
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, body).into_response()
}

/// `POST /interactions`, documented here (the handler is [`interactions::post_interaction`]):
/// Discord's interactions endpoint. Requests must carry Discord's Ed25519 signature; anything
/// else is a 401 before the body is read.
#[utoipa::path(
    post,
    path = "/interactions",
    tag = "operations",
    security(()),
    params(
        ("X-Signature-Ed25519" = Option<String>, Header, description = "Discord's signature of timestamp ‖ body (hex)"),
        ("X-Signature-Timestamp" = Option<String>, Header, description = "The signed timestamp"),
    ),
    request_body(content = Object, description = "An interaction, as Discord sends it", content_type = "application/json"),
    responses(
        (status = 200, description = "The interaction response (PONG, message, deferral, modal…)", body = Object),
        (status = 401, description = "Missing or invalid signature", body = crate::api::ErrorBody),
        (status = 400, description = "Signed, but not an interaction gvbot can read", body = crate::api::ErrorBody),
        (status = 413, description = "Body too large", body = crate::api::ErrorBody),
    )
)]
#[allow(dead_code)]
pub(crate) fn interactions_doc() {}

async fn not_found() -> Response {
    error_response(StatusCode::NOT_FOUND, "not_found", "no such route")
}

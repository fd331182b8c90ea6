//! The HTTP router: the only place routes are assembled. `gvbot serve`, the Lambda shell and
//! the tests all call [`router`].

use std::time::Duration;

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde_json::json;

use crate::{
    app::SharedApp,
    interactions::{self, error_response},
};

/// How long `/health` waits for the database before calling it down.
const HEALTH_TIMEOUT: Duration = Duration::from_secs(3);

pub fn router(app: SharedApp) -> Router {
    Router::new()
        .route(
            "/interactions",
            post(interactions::post_interaction).layer(DefaultBodyLimit::max(interactions::MAX_BODY)),
        )
        .route("/health", get(health))
        .fallback(not_found)
        .with_state(app)
}

/// `GET /health`: 200 `healthy` when the database answers, 503 `unhealthy` otherwise.
async fn health(State(app): State<SharedApp>) -> Response {
    let database = tokio::time::timeout(HEALTH_TIMEOUT, app.store.ping()).await;
    let ok = matches!(database, Ok(Ok(())));
    if let Ok(Err(err)) = &database {
        tracing::warn!(error = %err, "health check: database unreachable");
    }
    let body = Json(json!({
        "status": if ok { "healthy" } else { "unhealthy" },
        "database": if ok { "ok" } else { "down" },
        "backend": app.store.backend().as_str(),
        "version": env!("CARGO_PKG_VERSION"),
        "uptime_secs": app.started.elapsed().as_secs(),
    }));
    let status = if ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, body).into_response()
}

async fn not_found() -> Response {
    error_response(StatusCode::NOT_FOUND, "not_found", "no such route")
}

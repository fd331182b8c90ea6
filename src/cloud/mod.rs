//! AWS glue: what the Lambda shells under `functions/` share, kept in the library so the tests
//! run the code the functions run.
//!
//! `functions/http` hands [`crate::http::router`] to `lambda_http::run` as is, with no adapter:
//! lambda_http turns Function URL, API Gateway (HTTP API v2 and REST) and ALB events into
//! `http::Request<lambda_http::Body>`, and that body is an `http_body::Body<Data = Bytes>`,
//! which axum's `Router` serves directly. The bytes Discord signed therefore reach the
//! signature check exactly as sent: lambda_http only decodes base64 bodies, it never
//! re-serializes JSON. `tests/it/lambda.rs` feeds event fixtures through the same path and
//! drives the compiled `gvbot-http` through a fake Lambda Runtime API.
//!
//! Lambda freezes the process as soon as a response is returned: nothing here spawns
//! background work (no interaction-id purge task, unlike `gvbot serve`), and deferred
//! interaction work is refused ([`NoWorker`]) until the worker function exists.

use std::{sync::Arc, time::Instant};

use anyhow::Context;

use crate::{
    app::SharedApp,
    compose,
    config::{Config, LogFormat},
    interactions::deferred::NoWorker,
    telemetry,
};

/// Once per cold start, in every function's `main`: JSON logs (unless `LOG_FORMAT` says
/// otherwise), then the database connected and migrated, then the shared application state.
/// Warm invocations reuse what this returns.
pub async fn cold_start(config: Config) -> anyhow::Result<SharedApp> {
    telemetry::init(Some(config.log_format.unwrap_or(LogFormat::Json)));
    let started = Instant::now();
    let url = config.database_url.clone();
    // Lambda freezes the function once it has answered: deferred work must not be left
    // running in it (see `interactions::deferred`).
    let app = compose::init(config)
        .await
        .with_context(|| format!("DATABASE_URL: cannot open {url}"))?
        .with_handoff(Arc::new(NoWorker));
    tracing::info!(
        database = %url,
        backend = %app.store.backend(),
        init_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        "cold start: application ready"
    );
    Ok(Arc::new(app))
}

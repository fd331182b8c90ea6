//! Prometheus metrics: one process-wide recorder (the `metrics` facade), rendered by
//! `GET /metrics`. Names keep those of the original system (`discord_commands_total`, …) so
//! existing dashboards keep working.

use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::store::Store;

/// Commands run, by command, source (`slash`, `prefix`, `component`, `api`) and outcome.
pub const COMMANDS: &str = "discord_commands_total";
/// Command duration in seconds, by command.
pub const COMMAND_DURATION: &str = "discord_command_duration_seconds";
/// Messages logged by the gateway sidecar.
pub const MESSAGES: &str = "discord_messages_total";
/// Members of the guilds the bot serves.
pub const GUILD_MEMBERS: &str = "discord_guild_members_total";
/// Open database connections of the pool (whatever the backend; the name is historical).
pub const DB_CONNECTIONS: &str = "postgres_connections_active";
/// HTTP requests, by matched route and status.
pub const API_REQUESTS: &str = "api_requests_total";
/// HTTP request duration in seconds, by matched route.
pub const API_DURATION: &str = "api_request_duration_seconds";
/// Interactions refused before reaching a command, by reason.
pub const INTERACTIONS_REJECTED: &str = "interactions_rejected_total";
/// Requests or commands refused by a rate limit.
pub const RATE_LIMITED: &str = "rate_limited_total";

const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process-wide recorder, installed on first use.
pub fn handle() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)
            .expect("BUG: the bucket list is not empty");
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics will be empty");
        }
        metrics::describe_counter!(COMMANDS, "Commands run, by command, source and outcome");
        metrics::describe_histogram!(COMMAND_DURATION, metrics::Unit::Seconds, "Command duration");
        metrics::describe_counter!(MESSAGES, "Discord messages logged");
        metrics::describe_gauge!(GUILD_MEMBERS, "Members of the served guilds");
        metrics::describe_gauge!(DB_CONNECTIONS, "Open database connections");
        metrics::describe_counter!(API_REQUESTS, "HTTP requests, by route and status");
        metrics::describe_histogram!(
            API_DURATION,
            metrics::Unit::Seconds,
            "HTTP request duration"
        );
        metrics::describe_counter!(INTERACTIONS_REJECTED, "Interactions refused, by reason");
        metrics::describe_counter!(RATE_LIMITED, "Requests refused by a rate limit");
        // Series that exist from the start, before the first event.
        metrics::counter!(MESSAGES).increment(0);
        metrics::counter!(RATE_LIMITED).increment(0);
        metrics::gauge!(GUILD_MEMBERS).increment(0.0);
        handle
    })
}

/// The Prometheus text exposition, with the gauges read at scrape time.
pub fn render(store: &dyn Store) -> String {
    let handle = handle();
    metrics::gauge!(DB_CONNECTIONS).set(f64::from(store.connections()));
    handle.run_upkeep();
    handle.render()
}
